"""Merging two provinces with open work in both: every open task reaches the successor's queue, no case is lost,
the former agencies' people lose their roles, and the audit log still verifies."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Task

from audit.models import Event
from tasks_registry import mergers, services
from tasks_registry.errors import InvalidInput, NotPermitted
from tasks_registry.lifecycle import Status
from tasks_registry.models import Agency, AgencyKind, Membership, Province, Result
from tasks_registry.roles import Role
from tasks_registry.selectors import province_results, visible_results
from tests import factories
from tests.factories import make_agency, make_member, make_province
from tests.tasks_registry.driver import TO_APPLIED_OLD, TO_DECIDED, Actors, drive
from tests.tasks_registry.states import OLD, REACH
from tests.workflows.helpers import claim
from workflows.permissions import queue_permission

pytestmark = pytest.mark.django_db
BASIS = "Nghị quyết 202/2025/QH15 của Quốc hội"
OPEN = ("NEW", "ASSIGNED", "STARTED")
# Open work for the Sở (officer and head), the host and the receiving unit.
STATES = (
    Status.ACCEPTANCE_SUBMITTED,
    Status.ACCEPTED,
    Status.REGISTRATION_SUBMITTED,
    Status.OWNERSHIP_REQUESTED,
    Status.OWNERSHIP_APPRAISED,
)
# ... and a transfer and supports under way, each in a process of its own.
OFFERED = (OLD, False, (*TO_DECIDED, "offer_transfer"))
TRACKS = (
    OFFERED,
    (OLD, False, (*TO_APPLIED_OLD, "request_support")),
    (OLD, False, (*TO_APPLIED_OLD, "request_support", "appraise_support")),
)


def _province_with_open_work(prefix):
    """A province whose Sở KH&CN (short name as in every province) has results in every state of the lifecycle."""
    p = factories.Province(prefix)
    Agency.objects.filter(pk=p.department.pk).update(short_name="Sở KH&CN")
    p.department.refresh_from_db()
    p.results = [
        drive(Actors(p), p.result(approval, state_retains_rights=retains), *path)
        for approval, retains, path in (*(REACH[state] for state in STATES), *TRACKS)
    ]
    return p


def _open_tasks(results):
    return {
        task.pk: task
        for task in Task.objects.filter(
            process__artifact_object_id__in=[r.pk for r in results], status__in=OPEN, flow_task_type="HUMAN"
        )
    }


@pytest.fixture
def merged(client):
    a, b = _province_with_open_work("A"), _province_with_open_work("B")
    c = make_province("C", "Tỉnh C")
    c_department = make_agency(
        "C-SKHCN", AgencyKind.DEPARTMENT, "Sở Khoa học và Công nghệ tỉnh C", province=c, short_name="Sở KH&CN"
    )
    c_officer = make_member(c_department, Role.OFFICER, "c-officer")
    c_head = make_member(c_department, Role.HEAD, "c-head")
    results = a.results + b.results
    before = _open_tasks(results)
    in_departments = {
        pk
        for pk, task in before.items()
        if task.owner_permission.startswith(
            (queue_permission(a.department.pk, ""), queue_permission(b.department.pk, ""))
        )
    }
    claimed = next(
        task for pk, task in before.items() if pk in in_departments and task.owner_permission.endswith("_officer")
    )
    client.force_login(
        a.dept_officer if claimed.owner_permission.startswith(queue_permission(a.department.pk, "")) else b.dept_officer
    )
    assert claim(client, claimed).status_code in (200, 302)
    assert Task.objects.get(pk=claimed.pk).owner_id is not None

    mergers.merge_provinces(
        [a.province, b.province], into=c, actor=_admin(), effective_on=timezone.localdate(), basis=BASIS
    )
    return {
        "a": a,
        "b": b,
        "c": c,
        "c_department": c_department,
        "c_officer": c_officer,
        "c_head": c_head,
        "results": results,
        "before": before,
        "in_departments": in_departments,
        "claimed": claimed,
    }


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("quantri-test", "q@example.org", "secret-pass-123")


def test_every_open_task_moves_to_the_successors_queue_and_no_case_is_lost(merged):
    a, b, c_department = merged["a"], merged["b"], merged["c_department"]
    after = _open_tasks(merged["results"])
    assert set(after) == set(merged["before"])  # the same open tasks: nothing lost or closed
    assert len(merged["in_departments"]) >= 8  # there was work of both Sở to move
    for pk in merged["in_departments"]:
        assert after[pk].owner_permission.startswith(queue_permission(c_department.pk, ""))
        assert after[pk].work.agency == c_department
    retired = (queue_permission(a.department.pk, ""), queue_permission(b.department.pk, ""))
    assert not Task.objects.filter(status__in=OPEN, owner_permission__startswith=retired[0]).exists()
    assert not Task.objects.filter(status__in=OPEN, owner_permission__startswith=retired[1]).exists()
    # The task someone of a retired Sở had claimed waits, unclaimed, in the successor's queue.
    claimed = Task.objects.get(pk=merged["claimed"].pk)
    assert claimed.status == "NEW" and claimed.owner_id is None
    queue = set(Task.objects.user_queue(merged["c_head"]).filter(status="NEW").values_list("pk", flat=True))
    assert merged["in_departments"] <= queue
    # Every result is still visible to the successor and counted once in its province.
    assert set(visible_results(merged["c_officer"]).values_list("pk", flat=True)) >= {r.pk for r in merged["results"]}
    assert province_results(merged["c"]).count() == len(merged["results"])


def test_the_successor_does_the_moved_work_and_the_former_people_cannot(merged):
    a, c_department = merged["a"], merged["c_department"]
    waiting = next(r for r in merged["a"].results if Result.objects.get(pk=r.pk).status == Status.ACCEPTANCE_SUBMITTED)
    with pytest.raises(NotPermitted):
        services.accept(
            waiting,
            actor=a.dept_head,
            agency=a.department,
            acceptance_date=datetime.date(2023, 5, 1),
            grade="passed",
            decision_no="1/QĐ",
        )
    services.accept(
        waiting,
        actor=merged["c_head"],
        agency=c_department,
        acceptance_date=datetime.date(2023, 5, 1),
        grade="passed",
        decision_no="1/QĐ",
    )
    assert Result.objects.get(pk=waiting.pk).status == Status.ACCEPTED
    # History keeps the former Sở as the task's managing agency, by the name it had.
    assert waiting.task.managing_agency.name == "Sở Khoa học và Công nghệ A"


def test_retired_agencies_memberships_end_and_history_keeps_each_province(merged):
    a, b, c = merged["a"], merged["b"], merged["c"]
    today = timezone.localdate()
    for p in (a, b):
        p.province.refresh_from_db()
        p.department.refresh_from_db()
        assert p.province.successor == c and p.province.active_to == today - datetime.timedelta(days=1)
        assert p.department.successor == merged["c_department"] and p.department.province == p.province
        assert not Membership.objects.active().filter(agency=p.department).exists()
        assert not Task.objects.user_queue(p.dept_officer).filter(status="NEW").exists()
        # The host and the receiving unit go on, now in province C.
        assert Agency.objects.get(pk=p.host.pk).province == c
    assert set(c.lineage_ids()) == {a.province.pk, b.province.pk, c.pk}


def test_each_moved_case_has_its_event_and_the_log_verifies(merged):
    moved_results = {
        task.process.artifact_object_id for pk, task in merged["before"].items() if pk in merged["in_departments"]
    }
    events = Event.objects.filter(action="work.handed_over")
    assert {int(key.rsplit(":", 1)[1]) for key in events.values_list("case_key", flat=True)} == moved_results
    assert Event.objects.filter(action="province.merged").count() == 2
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert " 0 broken" in out.getvalue()


def test_a_merger_without_basis_or_into_itself_changes_nothing():
    a, b = factories.Province("A"), factories.Province("B")
    admin = _admin()
    with pytest.raises(InvalidInput):
        mergers.merge_provinces(
            [a.province], into=b.province, actor=admin, effective_on=timezone.localdate(), basis=" "
        )
    with pytest.raises(InvalidInput):
        mergers.merge_provinces(
            [b.province], into=b.province, actor=admin, effective_on=timezone.localdate(), basis=BASIS
        )
    with pytest.raises(NotPermitted):
        mergers.merge_provinces(
            [a.province], into=b.province, actor=a.dept_head, effective_on=timezone.localdate(), basis=BASIS
        )
    assert not Province.objects.exclude(successor=None).filter(pk__in=[a.province.pk, b.province.pk]).exists()


def test_the_admin_action_merges_provinces_through_the_service(admin_client):
    a, b = factories.Province("A"), factories.Province("B")
    result = a.accepted()
    url = "/admin/tasks_registry/province/"
    page = admin_client.post(url, {"action": "merge_into", "_selected_action": [a.province.pk]})
    assert page.status_code == 200 and "Tỉnh kế thừa" in page.content.decode()
    response = admin_client.post(
        url,
        {
            "action": "merge_into",
            "_selected_action": [a.province.pk],
            "apply": "1",
            "successor": b.province.pk,
            "effective_on": timezone.localdate().strftime("%d/%m/%Y"),
            "basis": BASIS,
        },
    )
    assert response.status_code == 302
    a.province.refresh_from_db()
    assert a.province.successor == b.province and BASIS in a.province.legal_basis
    assert result.pk in province_results(b.province).values_list("pk", flat=True)
    bad = admin_client.post(
        url,
        {
            "action": "merge_into",
            "_selected_action": [b.province.pk],
            "apply": "1",
            "successor": b.province.pk,
            "effective_on": timezone.localdate().strftime("%d/%m/%Y"),
            "basis": BASIS,
        },
    )
    assert bad.status_code == 200 and Province.objects.get(pk=b.province.pk).successor is None


def test_a_district_committee_hands_its_open_work_to_the_commune(admin_client):
    p = factories.Province("A")
    district = make_agency("A-HUYEN", AgencyKind.PEOPLES_COMMITTEE, "UBND huyện A", province=p.province)
    commune = make_agency("A-XA", AgencyKind.PEOPLES_COMMITTEE, "UBND xã A", province=p.province)
    make_member(commune, Role.OFFICER, "xa-officer")
    p.receiver = district  # the transfer is offered to the district committee
    approval, retains, path = OFFERED
    results = [drive(Actors(p), p.result(approval, state_retains_rights=retains), *path)]
    waiting = _open_tasks(results)
    assert any(t.owner_permission.startswith(queue_permission(district.pk, "")) for t in waiting.values())
    response = admin_client.post(
        "/admin/tasks_registry/agency/",
        {
            "action": "merge_into",
            "_selected_action": [district.pk],
            "apply": "1",
            "successor": commune.pk,
            "effective_on": timezone.localdate().strftime("%d/%m/%Y"),
            "basis": "Nghị định 125/2025/NĐ-CP",
        },
    )
    assert response.status_code == 302
    after = _open_tasks(results)
    assert set(after) == set(waiting)
    assert all(not t.owner_permission.startswith(queue_permission(district.pk, "")) for t in after.values())
    assert any(t.owner_permission.startswith(queue_permission(commune.pk, "")) for t in after.values())
    assert Event.objects.filter(action="work.handed_over", case_key=f"tasks_registry.result:{results[0].pk}").exists()
