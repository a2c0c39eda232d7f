"""Reminders on the working calendar (once per person, item and day; the head after M overdue working days), and
each person's preferences: which events, e-mail on or off, immediate or one daily digest at their hour."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.digests import send_due_digests
from notifications.models import Delivery, Kind, Mode, Notification, ReminderRule
from notifications.reminders import send_reminders
from tests.factories import Province
from tests.workflows.helpers import open_task, work_of
from workflows.calendar import add_working_days
from workflows.models import WorkItem

from .conftest import run_worker
from .helpers import person, subject, text_of

# serialized_rollback: the seeded data (role defaults, reminder rules, deadline rules) is there in every test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = datetime.date(2026, 3, 2)  # no holiday near it


def _work_due(p, due_on):
    result = p.accepted()
    item = work_of(open_task(result))
    WorkItem.objects.filter(pk=item.pk).update(due_on=due_on)
    return result


def test_reminders_run_twice_in_a_day_tell_each_person_once_and_again_the_next_day(smtp):
    p = Province("A")
    officer = person(p.host_officer, "Võ Thị", "Mai")
    _work_due(p, add_working_days(MONDAY, 1))
    run_worker()
    smtp.mailbox.messages.clear()

    out = StringIO()
    call_command("send_reminders", "--date", MONDAY.isoformat(), "--no-digests", stdout=out)
    call_command("send_reminders", "--date", MONDAY.isoformat(), "--no-digests", stdout=out)
    run_worker()
    assert [subject(m).split(":")[0] for m in smtp.mailbox.to(officer.email)] == ["Sắp đến hạn xử lý"]
    assert out.getvalue().splitlines() == ["Đã nhắc 1 lượt, gửi 0 thư tổng hợp.", "Đã nhắc 0 lượt, gửi 0 thư tổng hợp."]

    send_reminders(MONDAY + datetime.timedelta(days=1))
    run_worker()
    assert len(smtp.mailbox.to(officer.email)) == 2


def test_a_bad_date_for_send_reminders_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="Ngày không hợp lệ: 31/02 "):
        call_command("send_reminders", "--date", "31/02")


def test_overdue_work_goes_to_the_head_only_after_m_working_days(smtp):
    ReminderRule.objects.update_or_create(work="", defaults={"remind_days_before": 3, "escalate_after_days": 2})
    p = Province("A")
    officer, head = person(p.host_officer, "Võ Thị", "Mai"), person(p.host_head, "Hồ Văn", "Nam")
    friday = datetime.date(2026, 3, 6)
    _work_due(p, friday)
    run_worker()
    smtp.mailbox.messages.clear()

    send_reminders(datetime.date(2026, 3, 9))  # Monday: 1 working day overdue
    run_worker()
    assert [subject(m).split(":")[0] for m in smtp.mailbox.to(officer.email)] == ["Quá hạn xử lý"]
    assert not [m for m in smtp.mailbox.to(head.email) if subject(m).startswith("Việc quá hạn của cơ quan")]

    send_reminders(datetime.date(2026, 3, 10))  # Tuesday: 2 working days overdue — the head is told
    run_worker()
    escalated = [m for m in smtp.mailbox.to(head.email) if subject(m).startswith("Việc quá hạn của cơ quan")]
    assert len(escalated) == 1
    assert "tại cơ quan đã quá hạn từ ngày 06/03/2026; cần lãnh đạo đôn đốc" in text_of(escalated[0])


def test_a_muted_event_is_not_told_and_email_off_keeps_it_in_the_application_only(smtp):
    p = Province("A")
    muted = person(p.host_officer, "Đinh", "Khoa", muted_kinds=[Kind.NEW_WORK])
    quiet = person(p.host_head, "Mạc", "Linh", email_enabled=False)
    p.accepted()
    run_worker()
    assert not Notification.objects.filter(recipient=muted, kind=Kind.NEW_WORK).exists()
    assert Notification.objects.filter(recipient=quiet, kind=Kind.NEW_WORK).exists()
    assert smtp.mailbox.to(quiet.email) == []
    assert [subject(m).split(":")[0] for m in smtp.mailbox.to(muted.email)] == ["Có quyết định về kết quả"]


def test_a_digest_person_gets_one_mail_a_day_at_their_hour_with_everything_that_waited(smtp):
    p = Province("A")
    head = person(p.host_head, "Hồ Văn", "Nam", "en", mode=Mode.DIGEST, digest_hour=8)
    p.accepted()
    p.accepted()
    run_worker()
    assert smtp.mailbox.to(head.email) == []
    assert Notification.objects.filter(recipient=head, awaiting_digest=True).count() == 4

    send_due_digests(datetime.datetime(2026, 3, 2, 7, 30, tzinfo=VN))  # before 08:00: nothing yet
    run_worker()
    assert smtp.mailbox.to(head.email) == []

    send_due_digests(datetime.datetime(2026, 3, 2, 8, 5, tzinfo=VN))
    send_due_digests(datetime.datetime(2026, 3, 2, 9, 5, tzinfo=VN))  # the next hourly run: already sent today
    run_worker()
    mails = smtp.mailbox.to(head.email)
    assert [subject(m) for m in mails] == ["Notification digest: 4 items"]
    assert text_of(mails[0]).count("/notifications/") >= 4 and "Dear Hồ Văn Nam," in text_of(mails[0])
    assert not Notification.objects.filter(recipient=head, awaiting_digest=True).exists()
    assert Delivery.objects.filter(recipient=head, is_digest=True).count() == 1


def test_heads_start_with_the_daily_digest_and_officers_with_immediate_mail(smtp):
    p = Province("A")
    for user in (p.host_officer, p.host_head):
        user.email = f"{user.username}@example.vn"
        user.save()
    p.accepted()
    run_worker()
    assert smtp.mailbox.to(p.host_head.email) == []
    assert len(smtp.mailbox.to(p.host_officer.email)) == 2
    assert Notification.objects.filter(recipient=p.host_head, awaiting_digest=True).exists()


def test_the_hourly_worker_task_sends_reminders_and_keeps_one_chain_of_runs(smtp):
    from django_tasks_db.models import DBTaskResult

    from notifications.models import Schedule
    from notifications.tasks import start_schedule

    p = Province("A")
    officer = person(p.host_officer, "Võ Thị", "Mai")
    _work_due(p, timezone.localdate())
    run_worker()
    smtp.mailbox.messages.clear()
    start_schedule()
    start_schedule()  # started twice by mistake: the older run becomes stale
    run_worker()
    assert [subject(m).split(":")[0] for m in smtp.mailbox.to(officer.email)] == ["Sắp đến hạn xử lý"]
    runs = DBTaskResult.objects.filter(task_path="notifications.tasks.hourly")
    assert sorted(
        r.return_value if isinstance(r.return_value, str) else "ran" for r in runs.exclude(status="READY")
    ) == ["ran", "stale"]
    assert runs.filter(status="READY").count() == 1
    assert runs.get(status="READY").run_after == Schedule.objects.get().next_run_at
