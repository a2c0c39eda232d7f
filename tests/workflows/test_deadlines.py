"""Due dates count Vietnamese working days: weekends, public holidays and Tết are skipped."""

import datetime

import pytest

from workflows.calendar import add_working_days, is_working_day
from workflows.deadlines import due_date
from workflows.models import CalendarException, DeadlineRule
from tests.factories import Province

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


def test_calendar_day_rules_count_from_the_named_start():
    province = Province()
    result = province.accepted()
    due, _ = due_date("submit_registration", result, created_on=datetime.date(2026, 1, 1))
    assert due == result.acceptance_date + datetime.timedelta(days=30)


def test_an_edited_rule_changes_the_due_date_of_new_work():
    province = Province()
    DeadlineRule.objects.filter(work="review_acceptance").delete()
    DeadlineRule.objects.create(work="review_acceptance", amount=3, unit="working_days", start="task_created",
                                legal_basis="Quy chế nội bộ")
    result = province.result()
    work = work_of(open_task(result))
    assert work.due_on == add_working_days(work.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).date(), 3)
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
