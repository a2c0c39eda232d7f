"""A whole old-regime and a whole new-regime lifecycle through the API alone, as the people of the right agencies.

The data are set up with the factories (a province, its agencies and people, one recorded result); every step after
that is an HTTP request: the queue shows the work to the agency that must act, the person claims it, reads the steps
offered, takes one, and the timeline and the province's indicators follow.
"""

import datetime

import pytest

from reports.models import Indicator
from tasks_registry.lifecycle import Status as S
from tasks_registry.models import ApplicationAddress, Result
from tests.factories import NEW_REGIME_DAY, OLD_REGIME_DAY
from tests.reports.builders import ReportingProvince
from workflows.pending import WORKS

from .helpers import api_as, inbox_ids, queue_ids

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = TODAY.isoformat()


def step_data(p, step):
    """Who takes each step, and what they send (the task page's field names, ids for agencies)."""
    table = {
        "accept": (p.dept_head, {"acceptance_date": DAY, "grade": "passed", "decision_no": "12/QĐ"}),
        "submit_registration": (p.host_officer, {}),
        "register": (p.dept_officer, {"registration_no": f"KQ-API-{p.department.pk}", "registered_on": DAY}),
        "apply_for_ownership": (p.host_officer, {}),
        "appraise_ownership": (p.dept_officer, {}),
        "submit_ownership_decision": (p.dept_head, {"submission_no": "21/TTr-SKHCN"}),
        # The Chairman of the People's Committee above the Sở decides (Decree 08/2014).
        "decide_ownership": (
            p.committee_head,
            {"outcome": "host_with_repayment", "decision_no": "99/QĐ-UBND", "repayment_value": 10_000_000},
        ),
        "offer_transfer": (
            p.host_officer,
            {"receiving_unit": p.receiver.pk, "transfer_form": "standalone", "contract_value": 150_000_000},
        ),
        "confirm_transfer": (p.receiver_officer, {"contract_no": "05/HĐCG"}),
        "report_application": (p.receiver_officer, {"report": "Ứng dụng trên 20 ha"}),
        "request_support": (p.host_officer, {"support_kind": "techmart", "requested_amount": 30_000_000}),
        "appraise_support": (p.dept_officer, {}),
        "grant_support": (p.dept_head, {"decision_no": "77/QĐ-SKHCN", "granted_amount": 25_000_000}),
        "report_support_outcome": (p.host_officer, {"report": "Ký 3 hợp đồng tại Techmart"}),
        "close": (p.host_officer, {}),
    }
    return table[step]


def indicators(client, year):
    answer = client.get(f"/api/v1/indicators/?year={year}")
    assert answer.status_code == 200, answer.content
    return {row["code"]: row["value"] for row in answer.json()}


def take(p, clients, result, step):
    """The right person finds the work in their agency's queue, claims it, sees the step offered and takes it."""
    user, data = step_data(p, step)
    client = clients[user.pk]
    # The owner follows its result while a transfer or support of it waits in a queue too: the task that offers it.
    task_id = next(
        row["id"]
        for row in client.get("/api/v1/work/queue/").json()["results"]
        if row["result"] == result.pk and step in WORKS[row["node"]].steps
    )
    # Nobody of the other agencies has it in their queue.
    for other_id, other in clients.items():
        if other_id != user.pk and task_id in queue_ids(other):
            assert other_id in (p.dept_head.pk,), "only a head also sees the officers' queue of their own agency"
    assert client.post(f"/api/v1/work/{task_id}/claim/").status_code == 200
    assert task_id in inbox_ids(client) and task_id not in queue_ids(client)
    offered = [row["name"] for row in client.get(f"/api/v1/results/{result.pk}/steps/").json()]
    assert step in offered
    answer = client.post(f"/api/v1/work/{task_id}/complete/", {"step": step, **data}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["task"]["status"] == "DONE"
    assert task_id not in inbox_ids(client)
    assert task_id in {row["id"] for row in client.get("/api/v1/work/archive/").json()["results"]}
    timeline = client.get(f"/api/v1/results/{result.pk}/timeline/").json()
    assert [event["action"] for event in timeline][-1] == f"result.{step}"
    assert timeline[-1]["actor"] and timeline[-1]["action_label"] != timeline[-1]["action"]
    detail = client.get(f"/api/v1/results/{result.pk}/")
    assert detail.status_code == 200
    return detail.json()["status"]


def _people(p):
    return [p.dept_head, p.dept_officer, p.host_officer, p.receiver_officer, p.committee_head]


@pytest.fixture
def province():
    p = ReportingProvince("API")
    p.consolidate_here()
    return p


def test_an_old_regime_result_goes_from_acceptance_to_closing_through_the_api(province):
    p = province
    result = p.result(OLD_REGIME_DAY)
    ApplicationAddress.objects.create(task=result.task, name="HTX Tân Hòa", agency=p.receiver)
    clients = {user.pk: api_as(user) for user in _people(p)}
    watcher = clients[p.dept_officer.pk]
    year = TODAY.year
    before = indicators(watcher, year)
    expected = [
        ("accept", S.ACCEPTED),
        ("submit_registration", S.REGISTRATION_SUBMITTED),
        ("register", S.REGISTERED),
        ("apply_for_ownership", S.OWNERSHIP_REQUESTED),
        ("appraise_ownership", S.OWNERSHIP_APPRAISED),
        ("submit_ownership_decision", S.OWNERSHIP_SUBMITTED),
        ("decide_ownership", S.OWNERSHIP_DECIDED),
        # An offer leaves the result where it is; the transfer is a case of its own until the unit confirms it.
        ("offer_transfer", S.OWNERSHIP_DECIDED),
        ("confirm_transfer", S.TRANSFERRED),
        ("report_application", S.APPLIED),
        # So is each support: the result stays applied while the support is appraised and decided.
        ("request_support", S.APPLIED),
        ("appraise_support", S.APPLIED),
        ("grant_support", S.APPLIED),
        ("report_support_outcome", S.APPLIED),
        ("close", S.CLOSED),
    ]
    for step, status in expected:
        assert take(p, clients, result, step) == status, step
        if step == "accept":
            assert indicators(watcher, year)["results_recognised"] == (before["results_recognised"] or 0) + 1
        if step == "confirm_transfer":
            assert indicators(watcher, year)["results_transferred"] == (before["results_transferred"] or 0) + 1
    result.refresh_from_db()
    assert result.status == S.CLOSED and result.ownership_holder == p.host
    # The case is over: nobody has work on it.
    for client in clients.values():
        assert all(row["result"] != result.pk for row in client.get("/api/v1/work/queue/").json()["results"])
    assert Indicator.objects.filter(code="results_supported").exists()
    assert indicators(watcher, year)["results_supported"] == (before["results_supported"] or 0) + 1


def test_a_new_regime_result_is_owned_by_law_and_transferred_through_the_api(province):
    p = province
    result = p.result(NEW_REGIME_DAY)
    ApplicationAddress.objects.create(task=result.task, name="HTX Tân Hòa", agency=p.receiver)
    clients = {user.pk: api_as(user) for user in _people(p)}
    watcher = clients[p.dept_officer.pk]
    before = indicators(watcher, TODAY.year)
    for step, status in [
        ("accept", S.ACCEPTED),
        ("submit_registration", S.REGISTRATION_SUBMITTED),
        ("register", S.OWNERSHIP_BY_LAW),
    ]:
        assert take(p, clients, result, step) == status, step
    # Under the new regime the host owns the result by law: no ownership request, the host arranges the transfer.
    timeline = watcher.get(f"/api/v1/results/{result.pk}/timeline/").json()
    assert not any(event["action"] == "result.apply_for_ownership" for event in timeline)
    for step, status in [
        ("offer_transfer", S.OWNERSHIP_BY_LAW),
        ("confirm_transfer", S.TRANSFERRED),
        ("report_application", S.APPLIED),
        ("close", S.CLOSED),
    ]:
        assert take(p, clients, result, step) == status, step
    assert indicators(watcher, TODAY.year)["results_transferred"] == (before["results_transferred"] or 0) + 1
    assert Result.objects.get(pk=result.pk).ownership_holder == p.host
