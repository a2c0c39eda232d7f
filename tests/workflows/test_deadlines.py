"""Due dates count Vietnamese working days: weekends, public holidays and Tết are skipped."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import Province
from tests.tasks_registry.driver import TO_APPLIED_OLD, Actors, drive
from workflows.calendar import add_working_days, is_working_day, period_end
from workflows.deadlines import due_date
from workflows.models import CalendarException, DeadlineRule, DeadlineStart, DeadlineUnit

from .helpers import open_task, work_of

pytestmark = pytest.mark.django_db


def test_weekends_are_skipped():
    friday = datetime.date(2026, 3, 13)
    assert add_working_days(friday, 1) == datetime.date(2026, 3, 16)
    assert add_working_days(friday, 5) == datetime.date(2026, 3, 20)


def test_tet_2026_is_skipped():
    # Tết Bính Ngọ: 16–20/02/2026 are public holidays; the 13th is a Friday.
    assert not is_working_day(datetime.date(2026, 2, 17))
    assert add_working_days(datetime.date(2026, 2, 13), 1) == datetime.date(2026, 2, 23)
    assert add_working_days(datetime.date(2026, 2, 12), 2) == datetime.date(2026, 2, 23)


def test_national_day_and_reunification_day_are_skipped():
    assert add_working_days(datetime.date(2026, 4, 29), 1) == datetime.date(2026, 5, 4)  # 30/4, 1/5, weekend
    assert add_working_days(datetime.date(2025, 8, 29), 1) == datetime.date(2025, 9, 3)  # 1–2/9 and weekend


def test_an_administrator_can_declare_a_make_up_working_saturday_and_an_extra_day_off():
    saturday, monday = datetime.date(2026, 3, 14), datetime.date(2026, 3, 16)
    CalendarException.objects.create(day=saturday, is_working_day=True, note="Làm bù")
    CalendarException.objects.create(day=monday, is_working_day=False, note="Nghỉ bù")
    assert add_working_days(datetime.date(2026, 3, 13), 1) == saturday
    assert add_working_days(datetime.date(2026, 3, 13), 2) == datetime.date(2026, 3, 17)


def test_the_appraisal_deadline_counts_twenty_working_days_from_the_application_across_tet():
    province = Province()
    result = province.registered()
    rule = DeadlineRule.objects.get(work="appraise_ownership")
    assert (rule.amount, rule.unit) == (20, "working_days")
    due, basis = due_date("appraise_ownership", result, created_on=datetime.date(2026, 2, 2))
    # From Monday 2/2/2026: 3–13/2 give 9 days, Tết 16–20/2 gives none, 23/2–6/3 give 10, so the 20th is 9/3.
    assert due == datetime.date(2026, 3, 9)
    assert "08/2014" in basis


def _counted_from(start, rule):
    if rule.unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(start, rule.amount)
    return period_end(start, rule.amount)


def test_the_ownership_appraisal_counts_from_the_day_the_dossier_was_filed_however_late_the_work_is_opened():
    province = Province()
    result = drive(Actors(province), province.registered(), "apply_for_ownership")
    filed = timezone.localdate()
    assert result.ownership_applied_on == filed  # kept on the case, not read back from its audit events
    rule = DeadlineRule.objects.get(work="appraise_ownership")
    assert rule.start == DeadlineStart.OWNERSHIP_APPLICATION
    due, _ = due_date("appraise_ownership", result, created_on=filed + datetime.timedelta(days=40))
    assert due == _counted_from(filed, rule)


def test_the_support_appraisal_counts_from_the_day_the_returned_dossier_was_sent_again():
    province = Province()
    actors = Actors(province)
    result = drive(actors, province.result(), *TO_APPLIED_OLD, "request_support", "return_support")
    support = result.supports.get()
    support.requested_on = timezone.localdate() - datetime.timedelta(days=60)  # asked for two months ago
    support.save()
    result = drive(actors, result, "resubmit_support")
    support.refresh_from_db()
    assert support.resubmitted_on == timezone.localdate()
    rules = DeadlineRule.objects.filter(start=DeadlineStart.SUPPORT_APPLICATION)
    assert rules, "the seeded rules time the support's appraisal from its application"
    for rule in rules:
        due, _ = due_date(rule.work, result, created_on=timezone.localdate() + datetime.timedelta(days=5))
        assert due == _counted_from(support.resubmitted_on, rule), rule.work


def test_calendar_day_rules_count_from_the_named_start():
    province = Province()
    result = province.accepted()
    due, _ = due_date("submit_registration", result, created_on=datetime.date(2026, 1, 1))
    end = result.acceptance_date + datetime.timedelta(days=30)
    assert due == (end if is_working_day(end) else period_end(result.acceptance_date, 30))
    assert is_working_day(due) and due >= end


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (datetime.date(2025, 8, 3), 30, datetime.date(2025, 9, 3), "02/09/2025 is National Day (1–2/9 off)"),
        (datetime.date(2024, 12, 31), 30, datetime.date(2025, 2, 3), "30/01/2025 falls in Tết Ất Tỵ (27/01–02/02)"),
        (datetime.date(2024, 12, 31), 60, datetime.date(2025, 3, 3), "01/03/2025 is a Saturday"),
        (datetime.date(2026, 3, 2), 30, datetime.date(2026, 4, 1), "01/04/2026 is a working Wednesday: unchanged"),
    ],
)
def test_a_calendar_day_period_ending_on_a_day_off_ends_on_the_next_working_day(start, days, expected, why):
    # Bộ luật Dân sự 2015, Điều 148 khoản 5.
    assert period_end(start, days) == expected, why


def test_a_declared_day_off_also_moves_the_end_of_a_calendar_day_period():
    wednesday = datetime.date(2026, 4, 1)
    CalendarException.objects.create(day=wednesday, is_working_day=False, note="Nghỉ bù theo thông báo")
    assert period_end(datetime.date(2026, 3, 2), 30) == datetime.date(2026, 4, 2)


def test_an_edited_rule_changes_the_due_date_of_new_work():
    province = Province()
    DeadlineRule.objects.filter(work="review_acceptance").delete()
    DeadlineRule.objects.create(
        work="review_acceptance", amount=3, unit="working_days", start="task_created", legal_basis="Quy chế nội bộ"
    )
    result = province.result()
    work = work_of(open_task(result))
    assert work.due_on == add_working_days(
        work.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).date(), 3
    )
    assert work.deadline_basis == "Quy chế nội bộ"


def test_overdue_work_is_marked_and_listed_first(client):
    from django.utils import timezone

    province = Province()
    late, fresh = province.result(), province.result()
    late_work, fresh_work = work_of(open_task(late)), work_of(open_task(fresh))
    late_work.due_on = timezone.localdate() - datetime.timedelta(days=3)
    late_work.save()
    fresh_work.due_on = timezone.localdate() + datetime.timedelta(days=10)
    fresh_work.save()
    client.force_login(province.dept_head)
    page = client.get("/workflow/result/queue/").content.decode()
    assert "Quá hạn" in page
    assert page.index(late_work.due_on.strftime("%d/%m/%Y")) < page.index(fresh_work.due_on.strftime("%d/%m/%Y"))


def test_an_administrator_edits_a_deadline_rule_in_the_admin_and_the_edit_is_in_the_audit_log(client):
    from django.contrib.auth import get_user_model

    from audit.models import Event

    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")
    client.force_login(admin_user)
    rule = DeadlineRule.objects.get(work="answer_transfer")
    page = client.get(f"/admin/workflows/deadlinerule/{rule.pk}/change/")
    assert page.status_code == 200 and "căn cứ" in page.content.decode().lower()
    # The work is chosen by the name the queues show, never typed as a key.
    assert "Xác nhận nhận chuyển giao" in page.content.decode()
    listing = client.get("/admin/workflows/deadlinerule/").content.decode()
    assert "Ghi nhận quá hạn báo cáo tài sản" in listing and ">record_asset_report_lapse<" not in listing
    response = client.post(
        f"/admin/workflows/deadlinerule/{rule.pk}/change/",
        {
            "work": rule.work,
            "amount": 45,
            "unit": "calendar_days",
            "start": rule.start,
            "legal_basis": "Quyết định của UBND tỉnh về thời hạn trả lời đề nghị chuyển giao",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.amount == 45
    event = Event.objects.filter(actor=admin_user, action="admin.changed").latest("id")
    assert event.changes["amount"] == [30, 45]

    day = client.post(
        "/admin/workflows/calendarexception/add/",
        {"day": "02/01/2026", "is_working_day": "", "note": "Nghỉ bù Tết Dương lịch"},
    )
    assert day.status_code == 302 and CalendarException.objects.filter(day=datetime.date(2026, 1, 2)).exists()
    assert Event.objects.filter(actor=admin_user, action="admin.added").exists()


def test_a_period_the_province_set_itself_is_flagged_and_said_in_words_not_marked_in_the_basis(client):
    from workflows.models import WorkItem

    from .helpers import claim, task_url

    assert not DeadlineRule.objects.filter(legal_basis__contains="suy luận").exists()
    own = DeadlineRule.objects.get(work="verify_registration")
    assert own.own_rule and own.legal_basis == "Thời hạn nội bộ của Sở KH&CN"
    assert not DeadlineRule.objects.get(work="appraise_ownership").own_rule  # Decree 08/2014 sets it

    province = Province()
    result = province.accepted()
    from tasks_registry import services

    services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    task = open_task(result)
    assert WorkItem.objects.get(task=task).deadline_own_rule
    client.force_login(province.dept_officer)
    claim(client, task)
    page = client.get(task_url(task, "execute")).content.decode()
    assert (
        "Thời hạn do tỉnh tự quy định (không có văn bản pháp luật quy định): Thời hạn nội bộ của Sở KH&amp;CN" in page
    )
    assert "suy luận" not in page


def test_the_appraisal_task_shows_the_five_working_days_to_send_an_incomplete_application_back(client):
    """Decree 08/2014 Art. 40: the Sở sends an incomplete application back within 5 working days of its arrival; the
    officer reads the last day, with its basis, on the appraisal task (the rule is data, editable in the admin)."""
    from .helpers import claim, task_url

    province = Province()
    result = drive(Actors(province), province.registered(), "apply_for_ownership")
    rule = DeadlineRule.objects.get(work="appraise_ownership")
    assert (rule.return_within, "Điều 40" in rule.return_basis) == (5, True)
    task = open_task(result)
    assert task.flow_task.name == "appraise_ownership"
    client.force_login(province.dept_officer)
    claim(client, task)
    page = client.get(task_url(task, "execute")).content.decode()
    last_day = add_working_days(result.ownership_applied_on, 5)
    assert f"Trả hồ sơ chưa đầy đủ trước: <strong>{last_day:%d/%m/%Y}</strong>" in page
    assert "Nghị định 08/2014/NĐ-CP, Điều 40" in page

    # Another province's rule may differ: the administrator's edit is what the next page shows.
    DeadlineRule.objects.filter(pk=rule.pk).update(return_within=3)
    page = client.get(task_url(task, "execute")).content.decode()
    assert f"{add_working_days(result.ownership_applied_on, 3):%d/%m/%Y}" in page


def test_the_asset_route_is_timed_by_decree_70_and_the_application_route_by_decree_08():
    """Contradiction C2: a host that reported the asset instead of applying gets its decision within 30 days of the
    complete dossier (Decree 70/2018), not within the application route's 30 working days (Decree 08/2014)."""
    province = Province()
    actors = Actors(province)
    applied = drive(actors, province.registered(), "apply_for_ownership", "appraise_ownership")
    declined = drive(actors, province.registered(), "decline_ownership")
    for result in (applied, declined):
        type(result).objects.filter(pk=result.pk).update(ownership_applied_on=datetime.date(2026, 8, 20))
        result.refresh_from_db()
    assert (applied.ownership_requested, declined.ownership_requested) == (True, False)

    due, basis = due_date("decide_ownership", applied, created_on=datetime.date(2026, 8, 25))
    assert due == add_working_days(datetime.date(2026, 8, 20), 30) and "08/2014" in basis
    due, basis = due_date("decide_ownership", declined, created_on=datetime.date(2026, 8, 25))
    # 30 days from 20/08/2026 is Saturday 19/09: the period ends on the next working day (Civil Code Art. 148).
    assert due == datetime.date(2026, 9, 21) and "70/2018" in basis

    # The queue's due dates follow: the Sở's submission on the asset route carries the Decree 70 basis.
    drive(actors, declined, "submit_ownership_decision")
    work = open_task(declined).work
    assert work.work == "decide_ownership" and "70/2018" in work.deadline_basis

    # A route's rule is data: without it, the work's rule for every case times the asset route too.
    DeadlineRule.objects.filter(route="not_requested").delete()
    due, basis = due_date("decide_ownership", declined, created_on=datetime.date(2026, 8, 25))
    assert due == add_working_days(datetime.date(2026, 8, 20), 30) and "08/2014" in basis


def test_an_administrator_sets_a_routes_own_period_and_cannot_set_it_twice(admin_client):
    from audit.models import Event

    data = {
        "work": "submit_ownership_decision",
        "route": "not_requested",
        "amount": "20",
        "unit": "calendar_days",
        "start": "ownership_application",
        "legal_basis": "Quyết định của UBND tỉnh về thời hạn nội bộ",
        "own_rule": "on",
        "return_within": "",
        "return_basis": "",
    }
    DeadlineRule.objects.filter(work="submit_ownership_decision", route="not_requested").delete()
    response = admin_client.post("/admin/workflows/deadlinerule/add/", data)
    assert response.status_code == 302
    rule = DeadlineRule.objects.get(work="submit_ownership_decision", route="not_requested")
    assert (rule.amount, rule.own_rule) == (20, True)
    assert Event.objects.filter(action="admin.added", object_id=str(rule.pk)).exists()

    again = admin_client.post("/admin/workflows/deadlinerule/add/", {**data, "amount": "15"})
    assert again.status_code == 200
    assert again.context["adminform"].form.errors
    assert DeadlineRule.objects.filter(work="submit_ownership_decision", route="not_requested").count() == 1
