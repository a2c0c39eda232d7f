"""Each kind of event reaches the right person by e-mail, in their language, with their name, the case and a link
that leads to the thing (delivered by django-tasks-db's worker to a real SMTP server)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.models import VerificationRun
from audit.verification import run_and_store
from notifications.models import Delivery, DeliveryStatus, Notification
from notifications.reminders import send_reminders
from reports import services as report_services
from tasks_registry import services
from tests.audit.tamper import behind_the_logs_back
from tests.factories import Province
from tests.reports.builders import ReportingProvince
from tests.tasks_registry.driver import Actors
from tests.workflows.helpers import claim, open_task, task_url, work_of
from workflows.calendar import add_working_days
from workflows.models import WorkItem

from .conftest import run_worker
from .helpers import html_of, open_link, person, subject, text_of

# serialized_rollback: the seeded data (role defaults, reminder rules, deadline rules) is there in every test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TITLE = "Quy trình nhân giống lúa chịu mặn"


def only_mail(smtp, user, subject_starts=""):
    mails = [m for m in smtp.mailbox.to(user.email) if subject(m).startswith(subject_starts)]
    assert len(mails) == 1, [subject(m) for m in mails]
    return mails[0]


def test_new_work_in_the_agency_queue_mails_its_officer_in_english_with_a_link_to_the_task(smtp, client):
    p = Province("A")
    officer = person(p.host_officer, "Nguyễn Thị", "Lan", "en")
    result = p.accepted()
    run_worker()

    mail = only_mail(smtp, officer, "New work")
    assert subject(mail) == f"New work in the agency's queue: {TITLE}"
    assert mail["Content-Language"] == "en"
    body = text_of(mail)
    assert body.startswith("Dear Nguyễn Thị Lan,")
    assert f"New work «Submit registration dossier» in your agency's queue: {TITLE}." in body
    assert "Nguyễn Thị Lan" in html_of(mail) and "/notifications/unsubscribe/" in html_of(mail)
    task = open_task(result)
    client.force_login(officer)
    landed = client.get(open_link(mail))
    assert landed.status_code == 302 and landed.url == task.reverse("index")
    assert Notification.objects.get(recipient=officer, kind="new_work").read_at is not None


def test_a_dossier_returned_mails_the_host_officer_in_vietnamese_with_the_reason(smtp, client):
    p = Province("A")
    officer = person(p.host_officer, "Trần Văn", "Bình")
    result = p.accepted()
    services.take_step(result, "submit_registration", actor=p.host_officer, agency=p.host)
    run_worker()
    smtp.mailbox.messages.clear()
    services.take_step(
        result, "return_registration", actor=p.dept_officer, agency=p.department, comment="Thiếu Mẫu 5 có chữ ký"
    )
    run_worker()

    mail = only_mail(smtp, officer)
    assert subject(mail) == f"Hồ sơ bị trả lại: {TITLE}"
    body = text_of(mail)
    assert body.startswith("Kính gửi Trần Văn Bình,")
    assert "Lý do: Thiếu Mẫu 5 có chữ ký" in body
    client.force_login(officer)
    assert client.get(open_link(mail)).url == open_task(result).reverse("index")


def test_a_decision_on_the_result_mails_the_host(smtp):
    p = Province("A")
    head = person(p.host_head, "Lê Minh", "Châu")
    result = p.result()
    smtp.mailbox.messages.clear()
    result = services.accept(
        result,
        actor=p.dept_head,
        agency=p.department,
        acceptance_date=datetime.date(2023, 4, 19),
        grade="passed",
        decision_no="123/QĐ-SKHCN",
        comment="Đạt loại khá",
    )
    run_worker()
    mails = [m for m in smtp.mailbox.to(head.email) if subject(m).startswith("Có quyết định")]
    assert len(mails) == 1
    assert f"Có quyết định về kết quả «{TITLE}»: Công nhận kết quả nghiệm thu." in text_of(mails[0])
    assert f"/results/{result.pk}/" in (Notification.objects.get(recipient=head, kind="decided").case_link)


def test_work_handed_to_an_officer_by_the_head_mails_that_officer(smtp, client):
    p = Province("A")
    result = p.accepted()
    colleague = person(p.host_officer, "Phạm Thu", "Hà")
    task = open_task(result)
    run_worker()
    smtp.mailbox.messages.clear()
    client.force_login(p.host_head)
    assert (
        client.post(task_url(task, "reassign"), {"owner": colleague.pk, "comment": "Chị Hà phụ trách"}).status_code
        == 302
    )
    run_worker()
    mail = only_mail(smtp, colleague)
    assert subject(mail) == f"Được giao việc: {TITLE}"
    assert "Bạn được giao việc «Nộp hồ sơ đăng ký kết quả»" in text_of(mail) and "Chị Hà phụ trách" in text_of(mail)


def _due_on(result, day):
    item = work_of(open_task(result))
    WorkItem.objects.filter(pk=item.pk).update(due_on=day)
    return item


def test_work_due_soon_then_overdue_mails_the_officer_who_holds_it(smtp, client):
    p = Province("A")
    officer = person(p.host_officer, "Võ Thị", "Mai")
    result = p.accepted()
    client.force_login(officer)
    claim(client, open_task(result))
    today = timezone.localdate()
    _due_on(result, add_working_days(today, 2))
    run_worker()
    smtp.mailbox.messages.clear()
    send_reminders(today)
    run_worker()
    mail = only_mail(smtp, officer)
    assert subject(mail) == f"Sắp đến hạn xử lý: {TITLE}"
    due = add_working_days(today, 2)
    assert f"đến hạn ngày {due:%d/%m/%Y}" in text_of(mail)

    smtp.mailbox.messages.clear()
    _due_on(result, today - datetime.timedelta(days=1))
    send_reminders(today)
    run_worker()
    assert subject(only_mail(smtp, officer)) == f"Quá hạn xử lý: {TITLE}"


def test_an_annual_report_round_its_due_date_its_return_and_its_acceptance_reach_the_reporter(smtp):
    p = ReportingProvince("A")
    reporter = person(p.host_reporter, "Đặng Quốc", "Huy", "en")
    host_report, _ = p.open()
    run_worker()
    assert subject(only_mail(smtp, reporter)) == f"Annual report round opened: {host_report}"

    smtp.mailbox.messages.clear()
    send_reminders(host_report.deadline - datetime.timedelta(days=1))
    run_worker()
    mail = only_mail(smtp, reporter)
    assert subject(mail) == f"Annual report due soon: {host_report}"
    assert f"is due on {host_report.deadline:%d/%m/%Y}" in text_of(mail)

    smtp.mailbox.messages.clear()
    report_services.approve_and_submit(host_report, actor=p.host_head, agency=p.host)
    report_services.return_with_comments(
        host_report, actor=p.dept_officer, agency=p.department, comment="Bổ sung số liệu doanh thu"
    )
    run_worker()
    mail = only_mail(smtp, reporter)
    assert subject(mail) == f"Annual report returned: {host_report}"
    assert "Reason: Bổ sung số liệu doanh thu" in text_of(mail)

    smtp.mailbox.messages.clear()
    report_services.resubmit(host_report, actor=p.host_head, agency=p.host)
    report_services.accept(host_report, actor=p.dept_officer, agency=p.department)
    run_worker()
    assert subject(only_mail(smtp, reporter)) == f"Annual report accepted: {host_report}"


def test_a_verification_that_finds_a_broken_chain_mails_the_auditors_and_administrators(smtp):
    p = Province("A")
    auditor = person(p.auditor, "Bùi Thanh", "Tâm")
    admin = person(
        get_user_model().objects.create_superuser("root", "root@example.vn", "x-secret-123"), "Quản trị", "Hệ thống"
    )
    result = Actors(p).call("accept", p.result())
    # Only the owner role can switch the triggers off; the suite runs as the application role.
    behind_the_logs_back(
        "UPDATE audit_event SET comment = 'sửa lén' WHERE seq = 1 AND case_key LIKE %s", [f"%{result.pk}"]
    )
    run, report = run_and_store()
    assert not report.ok
    run_worker()
    for person_ in (auditor, admin):
        mails = [m for m in smtp.mailbox.to(person_.email) if subject(m).startswith("Nhật ký kiểm tra bị phá vỡ")]
        assert len(mails) == 1
    assert VerificationRun.objects.count() == 1
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() >= 2


def test_a_host_whose_sixty_days_lapsed_is_told_its_work_is_overdue_and_why(smtp):
    """Decree 70/2018: when the system finds the host's 60 days lapsed, its task moves to the Sở; the host's officer
    learns it by mail, with the day the period ended."""
    from workflows.lapses import note_lapses

    p = Province("A")
    officer = person(p.host_officer, "Đỗ Thị", "Hoa")
    result = p.registered()
    ended_on = work_of(open_task(result)).due_on
    run_worker()
    smtp.mailbox.messages.clear()
    assert note_lapses(ended_on + datetime.timedelta(days=1)) == 1
    run_worker()
    mail = only_mail(smtp, officer)
    body = text_of(mail)
    assert "Đề nghị giao quyền hoặc báo cáo tài sản" in body and TITLE in body
    assert f"Hạn báo cáo tài sản đã hết ngày {ended_on:%d/%m/%Y}." in body
    assert work_of(open_task(result)).agency == p.department
