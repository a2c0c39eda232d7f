"""The edges a review found in the new legal routes: a host cannot stop its own lapse by re-planning its due date, a
late registration is never found lapsed, the lapse check refuses a future day, a ministry's department is decided
for by the minister, the registrar's mark follows a merger, its people are not the ministry, and a task's level
stays put while its registration is pending."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tasks_registry import services
from tasks_registry.access import Party, agency_for_party, is_ministry
from tasks_registry.errors import InvalidInput
from tasks_registry.models import Agency, AgencyKind, TaskLevel
from tasks_registry.roles import Role
from tests.factories import Province, make_agency, make_member, make_task
from workflows.lapses import lapsed_asset_reports, note_lapses
from workflows.models import WorkItem
from workflows.planning import replan_work

from .helpers import open_task, work_of

pytestmark = pytest.mark.django_db


def _registered(province, registered_after_days=20):
    result = province.accepted()
    services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    return services.register(
        result,
        actor=province.dept_officer,
        agency=province.department,
        registration_no=f"KQ-{province.department.pk}-{registered_after_days}",
        registered_on=result.acceptance_date + datetime.timedelta(days=registered_after_days),
    )


def test_a_host_that_moves_its_own_due_date_still_lapses():
    province = Province()
    result = _registered(province)
    work = work_of(open_task(result))
    ended_on = work.due_on
    replan_work(work, actor=province.host_head, due_on=datetime.date(2099, 12, 31), reason="Chờ họp hội đồng")
    work.refresh_from_db()
    assert work.due_on == datetime.date(2099, 12, 31)
    assert [(item.pk, end) for item, end in lapsed_asset_reports(ended_on + datetime.timedelta(days=1))] == [
        (work.pk, ended_on)
    ]
    assert note_lapses(ended_on + datetime.timedelta(days=1)) == 1


def test_a_result_registered_after_its_sixty_days_is_never_found_lapsed():
    province = Province()
    result = _registered(province, registered_after_days=75)
    assert lapsed_asset_reports(timezone.localdate()) == []
    assert note_lapses() == 0
    result.refresh_from_db()
    assert result.asset_report_overdue_on is None


def test_the_lapse_check_refuses_a_day_in_the_future():
    with pytest.raises(CommandError, match="tương lai"):
        call_command("note_lapses", "--date", "2999-01-01", stdout=io.StringIO())


def test_a_ministrys_department_is_decided_for_by_the_minister():
    province = Province()
    ministry = make_agency(kind=AgencyKind.MINISTRY, name="Bộ Nông nghiệp (thử)")
    department = make_agency(kind=AgencyKind.DEPARTMENT, name="Vụ Khoa học (thử)", parent=ministry)
    task = make_task(province.host, department, level=TaskLevel.MINISTERIAL)
    result = services.record_result(
        task, actor=province.host_officer, agency=province.host, title="Giống ngô lai", result_type="process"
    )
    assert agency_for_party(result, Party.AUTHORITY) == ministry


def test_the_registrar_mark_follows_a_merger_and_its_people_are_not_the_ministry():
    seeded = Agency.objects.get(code="CUC-TTKHCN")
    Agency.objects.filter(pk=seeded.pk).update(registers_central_results=True)
    officer = make_member(seeded, Role.OFFICER)
    assert not is_ministry(officer)
    successor = make_agency(kind=AgencyKind.MINISTRY, name="Cục Thông tin, Thống kê (thử)")
    admin = make_member(successor, Role.ADMINISTRATOR)
    services.merge_agency(seeded, actor=admin, successor=successor, effective_on=timezone.localdate())
    assert list(Agency.objects.filter(registers_central_results=True)) == [successor]


def test_a_tasks_level_stays_put_while_its_registration_is_pending():
    province = Province()
    result = province.accepted()
    services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    with pytest.raises(InvalidInput, match="cấp quản lý"):
        services.update_task(
            result.task, actor=province.dept_officer, agency=province.department, level=TaskLevel.NATIONAL
        )
    assert WorkItem.objects.get(result=result, task__status="NEW").agency == province.department
