"""Who registers a result (TT 14/2014; DOMAIN.md step 3): the Sở KH&CN for provincial tasks, the national S&T
information agency for national and ministerial tasks. The national agency is data (seeded, marked in the admin)."""

import datetime

import pytest

from tasks_registry import services
from tasks_registry.access import agency_for_party
from tasks_registry.errors import NotPermitted
from tasks_registry.lifecycle import Party, Status
from tasks_registry.models import Agency, AgencyKind, Result, TaskLevel
from tasks_registry.roles import Role
from tasks_registry.selectors import sight_of, visible_results
from tests.factories import Province, make_agency, make_member, make_task
from workflows.models import WorkItem

pytestmark = pytest.mark.django_db

APPROVED = datetime.date(2022, 3, 15)


SEEDED = "CUC-TTKHCN"  # tasks_registry/migrations/0009: seeded unmarked, marked once it has its people


@pytest.fixture
def registrar():
    """The national agency the migration seeds, with an officer, marked as an administrator would."""
    agency = Agency.objects.get(code=SEEDED)
    officer = make_member(agency, Role.OFFICER, "cuc-ttkhcn-officer")
    Agency.objects.filter(pk=agency.pk).update(registers_central_results=True)
    agency.refresh_from_db()
    return agency, officer


def _national_result(province, level=TaskLevel.NATIONAL):
    ministry = make_agency(kind=AgencyKind.MINISTRY, name="Bộ Khoa học và Công nghệ (thử)")
    head = make_member(ministry, Role.HEAD)
    task = make_task(province.host, ministry, APPROVED, level=level)
    result = services.record_result(
        task, actor=province.host_officer, agency=province.host, title="Giống lúa chịu hạn ĐT9", result_type="process"
    )
    result = services.accept(
        result,
        actor=head,
        agency=ministry,
        acceptance_date=APPROVED + datetime.timedelta(days=400),
        grade="passed",
        decision_no="5/QĐ-BKHCN",
    )
    return services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)


@pytest.mark.parametrize("level", [TaskLevel.NATIONAL, TaskLevel.MINISTERIAL])
def test_a_national_task_is_registered_by_the_national_agency_and_no_one_else(registrar, level):
    agency, officer = registrar
    province = Province()
    result = _national_result(province, level)
    assert agency_for_party(result, Party.REGISTRAR) == agency
    # The national agency finds the dossier in its own queue and may read it.
    work = WorkItem.objects.get(result=result, task__status="NEW")
    assert (work.work, work.agency) == ("verify_registration", agency)
    assert visible_results(officer).filter(pk=result.pk).exists()
    assert sight_of(officer, Result.objects.with_parties().get(pk=result.pk)).dossier
    # The Sở (or the ministry that manages the task) cannot register it.
    with pytest.raises(NotPermitted, match=agency.name):
        services.register(result, actor=province.dept_officer, agency=province.department, registration_no="KQ-X1")
    result = services.register(
        result,
        actor=officer,
        agency=agency,
        registration_no="2022-52-0123/KQNC",
        registered_on=APPROVED + datetime.timedelta(days=420),
    )
    assert result.status == Status.REGISTERED and result.registration_no == "2022-52-0123/KQNC"


def test_a_provincial_task_is_registered_by_the_sở_and_the_national_agency_neither_sees_nor_registers_it(registrar):
    agency, officer = registrar
    province = Province()
    result = province.accepted(APPROVED)
    result = services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    assert agency_for_party(result, Party.REGISTRAR) == province.department
    assert not visible_results(officer).filter(pk=result.pk).exists()
    with pytest.raises(NotPermitted):
        services.register(result, actor=officer, agency=agency, registration_no="KQ-X2")
    result = services.register(result, actor=province.dept_officer, agency=province.department, registration_no="KQ-X3")
    assert result.status == Status.REGISTERED


def test_the_authority_reads_its_departments_cases_with_revenue_the_registrar_without_and_others_nothing(registrar):
    """The People's Committee above a Sở decides its ownership cases: it reads them whole (revenue included); the
    national registrar reads a national dossier but not its revenue; another province's committee reads nothing."""
    registrar_agency, registrar_officer = registrar
    province, other = Province("UB"), Province("UC")
    committees = []
    for p in (province, other):
        committee = make_agency(kind=AgencyKind.PEOPLES_COMMITTEE, name=f"UBND tỉnh {p.department.code}")
        p.department.parent = committee
        p.department.save()
        committees.append((committee, make_member(committee, Role.HEAD)))
    result = Result.objects.with_parties().get(pk=province.registered().pk)
    chairman, other_chairman = committees[0][1], committees[1][1]
    assert visible_results(chairman).filter(pk=result.pk).exists()
    assert (sight_of(chairman, result).dossier, sight_of(chairman, result).revenue) == (True, True)
    assert not visible_results(other_chairman).filter(pk=result.pk).exists()
    assert sight_of(other_chairman, result).page == "none"

    national = Result.objects.with_parties().get(pk=_national_result(Province("UD")).pk)
    sight = sight_of(registrar_officer, national)
    assert (sight.dossier, sight.revenue) == (True, False)
    assert not visible_results(registrar_officer).filter(pk=result.pk).exists()


def test_until_it_is_marked_the_managing_agency_registers_and_marking_it_in_the_admin_moves_the_waiting_dossiers(
    client,
):
    """An installation starts with the national agency unmarked (it has no people yet): national dossiers wait at
    the managing agency. An administrator marks it in the admin: the waiting dossiers move to its queue, each case
    with an event; a second agency cannot be marked (a message, not an error page)."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from audit.models import Event
    from audit.recorder import case_key_for
    from tests.tasks_registry.test_admin import form_data

    agency = Agency.objects.get(code=SEEDED)
    assert not Agency.objects.filter(registers_central_results=True).exists()
    province = Province()
    result = _national_result(province)
    ministry = result.task.managing_agency
    work = WorkItem.objects.get(result=result, task__status="NEW")
    assert (work.work, work.agency) == ("verify_registration", ministry)

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "secret-pass-123")
    client.force_login(admin)
    url = reverse("admin:tasks_registry_agency_change", args=[agency.pk])
    assert client.post(url, form_data(client.get(url), registers_central_results="on")).status_code == 302
    work.refresh_from_db()
    assert work.agency == agency and work.task.owner_permission == f"workflows.queue_{agency.pk}_officer"
    moved = Event.objects.get(case_key=case_key_for(result), action="work.handed_over")
    assert moved.actor == admin and moved.changes["agency_id"] == [ministry.pk, agency.pk]

    other = make_agency(kind=AgencyKind.MINISTRY, name="Cục khác")
    url = reverse("admin:tasks_registry_agency_change", args=[other.pk])
    refused = client.post(url, form_data(client.get(url), registers_central_results="on"))
    assert refused.status_code == 200
    assert "Đã có một cơ quan khác được đánh dấu" in refused.content.decode()
    other.refresh_from_db()
    assert not other.registers_central_results
