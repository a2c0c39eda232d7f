"""The ownership decision's form offers only the outcomes the law allows from the result's state: after an
appraisal the host may be given the rights with repayment; when the host did not apply, the rights go to the
state, to another applicant or elsewhere (Decree 70/2018 Art. 41), and the form no longer offers the host."""

import re

import pytest

from tasks_registry import services
from tasks_registry.lifecycle import OwnershipOutcome, Status
from tests.factories import Province

from .helpers import claim, execute, open_task, task_url

pytestmark = pytest.mark.django_db


def _offered(page):
    """The outcomes in the decision's select (viewflow's Material select lists its options as JSON)."""
    select = re.search(r'<vf-field-select id="id_outcome".*?</vf-field-select>', page, re.S).group(0)
    return set(re.findall(r"&quot;value&quot;: &quot;([a-z_]+)&quot;", select)) & set(OwnershipOutcome.values)


def _deciding(client, province, result):
    task = open_task(result)
    client.force_login(province.dept_head)
    assert claim(client, task).status_code == 302
    return task


def test_without_an_application_the_host_is_not_offered_and_a_posted_host_outcome_is_refused(client):
    province = Province()
    result = services.decline_ownership(province.registered(), actor=province.host_officer, agency=province.host)
    task = _deciding(client, province, result)
    page = client.get(task_url(task, "execute")).content.decode()
    assert _offered(page) == {"use_rights_state_asset", "state_capital", "other_applicant", "other_disposal"}

    data = {"step": "decide_ownership", "decision_no": "7/QĐ-UBND", "repayment_value": "1.000.000"}
    refused = execute(client, task, {**data, "outcome": "host_with_repayment"})
    assert refused.status_code == 200
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_NOT_REQUESTED
    assert execute(client, task, {**data, "outcome": "state_capital"}).status_code == 302
    result.refresh_from_db()
    assert (result.status, result.ownership_outcome) == (Status.OWNERSHIP_DECIDED, OwnershipOutcome.STATE_CAPITAL)


def test_after_an_appraisal_the_host_with_repayment_is_offered_and_another_applicant_is_not(client):
    province = Province()
    result = services.apply_for_ownership(province.registered(), actor=province.host_officer, agency=province.host)
    result = services.take_step(result, "appraise_ownership", actor=province.dept_officer, agency=province.department)
    task = _deciding(client, province, result)
    page = client.get(task_url(task, "execute")).content.decode()
    assert _offered(page) == {"use_rights_state_asset", "state_capital", "host_with_repayment", "other_disposal"}
