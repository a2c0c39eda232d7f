"""The ownership decision under the old regime (Decree 08/2014, Decree 70/2018), as the people involved meet it.

The Sở's head submits the appraised dossier (or the host's statement that it does not apply) to the competent
authority; the Chairman of the provincial People's Committee decides, in the committee's queue. The decision's form
offers only the outcomes the law allows: after an application the host may be given the rights with repayment;
without one the rights go to the state, to another applicant or elsewhere; and the state-asset and state-capital
outcomes only to the kind of body they are for (a public unit, a wholly state-owned enterprise).
"""

import re

import pytest

from tasks_registry import services
from tasks_registry.lifecycle import HostKind, OwnershipOutcome, Status
from tasks_registry.models import AgencyKind
from tasks_registry.roles import Role
from tests.factories import Province, make_agency, make_member

from .helpers import claim, execute, open_task, task_url, work_of

pytestmark = pytest.mark.django_db


def _offered(page):
    """The outcomes in the decision's select (viewflow's Material select lists its options as JSON)."""
    select = re.search(r'<vf-field-select id="id_outcome".*?</vf-field-select>', page, re.S).group(0)
    return set(re.findall(r"&quot;value&quot;: &quot;([a-z_]+)&quot;", select)) & set(OwnershipOutcome.values)


def _submitted(client, province, result):
    """The Sở's head submits the dossier from its own queue; the decision's task comes back."""
    task = open_task(result)
    assert work_of(task).work == "submit_ownership_decision" and work_of(task).agency == province.department
    client.force_login(province.dept_head)
    assert claim(client, task).status_code == 302
    response = execute(client, task, {"step": "submit_ownership_decision", "submission_no": "21/TTr-SKHCN"})
    assert response.status_code == 302, response.content.decode()[:2000]
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_SUBMITTED and result.ownership_submission_no == "21/TTr-SKHCN"
    return open_task(result)


def _deciding(client, province, result, head=None):
    task = _submitted(client, province, result)
    client.force_login(head or province.dept_head)
    assert claim(client, task).status_code == 302
    return task


def test_without_an_application_the_host_is_not_offered_and_a_posted_host_outcome_is_refused(client):
    province = Province()
    result = services.decline_ownership(
        province.registered(), actor=province.host_officer, agency=province.host, creation_cost=450_000_000
    )
    task = _deciding(client, province, result)
    page = client.get(task_url(task, "execute")).content.decode()
    # The host is a public university: no state capital, which is for wholly state-owned enterprises.
    assert _offered(page) == {"use_rights_state_asset", "other_applicant", "other_disposal"}

    data = {"step": "decide_ownership", "decision_no": "7/QĐ-UBND", "repayment_value": "1.000.000"}
    for refused_outcome in ("host_with_repayment", "state_capital"):
        refused = execute(client, task, {**data, "outcome": refused_outcome})
        assert refused.status_code == 200
        result.refresh_from_db()
        assert result.status == Status.OWNERSHIP_SUBMITTED
    assert execute(client, task, {**data, "outcome": "use_rights_state_asset"}).status_code == 302
    result.refresh_from_db()
    assert (result.status, result.ownership_outcome) == (
        Status.OWNERSHIP_DECIDED,
        OwnershipOutcome.USE_RIGHTS_STATE_ASSET,
    )
    assert result.ownership_holder == province.host


def test_after_an_appraisal_the_host_with_repayment_is_offered_and_another_applicant_is_not(client):
    province = Province()
    result = services.apply_for_ownership(province.registered(), actor=province.host_officer, agency=province.host)
    result = services.take_step(result, "appraise_ownership", actor=province.dept_officer, agency=province.department)
    task = _deciding(client, province, result)
    page = client.get(task_url(task, "execute")).content.decode()
    assert _offered(page) == {"use_rights_state_asset", "host_with_repayment", "other_disposal"}


def test_a_university_is_refused_state_capital_and_a_state_enterprise_is_refused_a_state_asset():
    """Decree 70/2018: use rights as a state asset for public units, ownership as state capital for enterprises the
    state owns wholly; the service refuses the wrong one in words and changes nothing."""
    province = Province()
    result = services.apply_for_ownership(province.registered(), actor=province.host_officer, agency=province.host)
    for step in ("appraise_ownership",):
        result = services.take_step(result, step, actor=province.dept_officer, agency=province.department)
    result = services.take_step(
        result,
        "submit_ownership_decision",
        actor=province.dept_head,
        agency=province.department,
        submission_no="5/TTr-SKHCN",
    )
    decision = {"actor": province.dept_head, "agency": province.department, "decision_no": "3/QĐ-UBND"}
    with pytest.raises(services.InvalidInput, match="Trường Đại học") as refused:
        services.decide_ownership(result, outcome=OwnershipOutcome.STATE_CAPITAL, **decision)
    assert "Cơ quan nhà nước, đơn vị sự nghiệp công lập" in refused.value.message
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_SUBMITTED and not result.ownership_outcome

    enterprise = Province("DN")
    enterprise.host.host_kind = HostKind.STATE_ENTERPRISE
    enterprise.host.save()
    result = services.apply_for_ownership(
        enterprise.registered(), actor=enterprise.host_officer, agency=enterprise.host
    )
    result = services.take_step(
        result, "appraise_ownership", actor=enterprise.dept_officer, agency=enterprise.department
    )
    result = services.take_step(
        result,
        "submit_ownership_decision",
        actor=enterprise.dept_head,
        agency=enterprise.department,
        submission_no="5/TTr-SKHCN",
    )
    decision = {"actor": enterprise.dept_head, "agency": enterprise.department, "decision_no": "4/QĐ-UBND"}
    with pytest.raises(services.InvalidInput):
        services.decide_ownership(result, outcome=OwnershipOutcome.USE_RIGHTS_STATE_ASSET, **decision)
    result = services.decide_ownership(result, outcome=OwnershipOutcome.STATE_CAPITAL, **decision)
    assert (result.status, result.ownership_holder) == (Status.OWNERSHIP_DECIDED, enterprise.host)


def test_the_rights_route_goes_through_the_chairman_of_the_peoples_committee(client):
    """Decree 08/2014, procedure 198: host applies → Sở appraises → Sở submits → Chủ tịch UBND tỉnh decides. The
    Sở's head cannot decide any more; the committee's head finds the decision in the committee's queue."""
    province = Province("CT")
    committee = make_agency(
        "CT-UBND", AgencyKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân tỉnh CT", province=province.province
    )
    province.department.parent = committee
    province.department.save()
    chairman = make_member(committee, Role.HEAD, "ct-chairman")
    result = services.apply_for_ownership(province.registered(), actor=province.host_officer, agency=province.host)
    result = services.take_step(result, "appraise_ownership", actor=province.dept_officer, agency=province.department)

    task = _submitted(client, province, result)
    assert work_of(task).work == "decide_ownership" and work_of(task).agency == committee
    # The Sở's head no longer decides: not from the committee's queue, not through the service.
    client.force_login(province.dept_head)
    assert claim(client, task).status_code in (302, 403, 404)
    task.refresh_from_db()
    assert task.owner_id is None
    with pytest.raises(services.NotPermitted):
        services.decide_ownership(
            result,
            actor=province.dept_head,
            agency=province.department,
            outcome=OwnershipOutcome.USE_RIGHTS_STATE_ASSET,
            decision_no="1/QĐ-UBND",
        )
    # The Chairman sees the case in the committee's queue and decides it.
    client.force_login(chairman)
    assert "Quy trình nhân giống lúa chịu mặn" in client.get("/workflow/result/queue/").content.decode()
    assert claim(client, task).status_code == 302
    data = {"step": "decide_ownership", "outcome": "use_rights_state_asset", "decision_no": "88/QĐ-UBND"}
    assert execute(client, task, data).status_code == 302
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_DECIDED and result.ownership_decision_no == "88/QĐ-UBND"
    assert client.get(f"/results/{result.pk}/").status_code == 200
    # The next work is the owner's again.
    assert work_of(open_task(result)).agency == province.host


@pytest.mark.parametrize("applied", [True, False])
def test_the_authority_sends_a_submission_back_to_the_dossier_it_came_from_and_the_sở_submits_again(applied):
    province = Province()
    registered = province.registered()
    if applied:
        result = services.apply_for_ownership(registered, actor=province.host_officer, agency=province.host)
        result = services.take_step(
            result, "appraise_ownership", actor=province.dept_officer, agency=province.department
        )
    else:
        result = services.decline_ownership(
            registered, actor=province.host_officer, agency=province.host, creation_cost=300_000_000
        )
    came_from = result.status
    sở = {"actor": province.dept_head, "agency": province.department}
    result = services.take_step(result, "submit_ownership_decision", submission_no="7/TTr-SKHCN", **sở)
    with pytest.raises(services.InvalidInput, match="lý do"):
        services.take_step(result, "return_ownership_submission", **sở)
    result = services.take_step(
        result, "return_ownership_submission", comment="Bổ sung ý kiến thẩm định giá trị tài sản", **sở
    )
    assert result.status == came_from
    assert result.dossier_returns.get().reason == "Bổ sung ý kiến thẩm định giá trị tài sản"
    assert work_of(open_task(result)).work == "submit_ownership_decision"
    result = services.take_step(result, "submit_ownership_decision", submission_no="9/TTr-SKHCN", **sở)
    assert result.status == Status.OWNERSHIP_SUBMITTED and result.ownership_submission_no == "9/TTr-SKHCN"
