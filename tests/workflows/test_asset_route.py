"""Decree 70/2018's asset route as the people involved meet it: a host that does not apply for the rights reports the
result as a state asset with its creation cost; a host that lets its 60 days lapse leaves the case to the Sở, whose
officer records the lapse; the Sở submits and the authority decides, as for a host that did not apply."""

import datetime
import io

import pytest
from django.core.management import call_command

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.errors import InvalidInput, StepNotAllowed
from tasks_registry.lifecycle import OwnershipOutcome, Status
from tests.factories import Province
from workflows.lapses import note_lapses

from .helpers import claim, execute, open_task, task_url, work_of

pytestmark = pytest.mark.django_db


def test_not_applying_means_reporting_the_asset_with_its_creation_cost(client):
    province = Province()
    result = province.registered()
    task = open_task(result)
    assert work_of(task).work == "apply_for_ownership" and work_of(task).agency == province.host
    client.force_login(province.host_officer)
    assert claim(client, task).status_code == 302
    page = client.get(task_url(task, "execute")).content.decode()
    # Material's radio lists its options as JSON: the step is offered, with the cost's box.
    assert "&quot;value&quot;: &quot;decline_ownership&quot;" in page and 'name="creation_cost"' in page
    # Without the cost the report is incomplete: refused in words, nothing changes.
    refused = execute(client, task, {"step": "decline_ownership"})
    assert refused.status_code == 200 and "chi phí tạo lập" in refused.content.decode()
    result.refresh_from_db()
    assert result.status == Status.REGISTERED
    assert execute(client, task, {"step": "decline_ownership", "creation_cost": "1.250.000.000"}).status_code == 302
    result.refresh_from_db()
    assert (result.status, result.asset_creation_cost, result.ownership_requested) == (
        Status.OWNERSHIP_NOT_REQUESTED,
        1_250_000_000,
        False,
    )
    other = Province("N")
    with pytest.raises(InvalidInput, match="âm"):
        services.decline_ownership(other.registered(), actor=other.host_officer, agency=other.host, creation_cost=-1)


def test_when_the_sixty_days_lapse_the_sở_records_it_and_the_authority_decides_without_an_application(
    client, django_capture_on_commit_callbacks
):
    province = Province()
    result = province.registered()
    host_work = work_of(open_task(result))
    assert host_work.due_on == result.acceptance_date + datetime.timedelta(days=60) or host_work.due_on
    # Before the lapse the Sở cannot record it.
    with pytest.raises(StepNotAllowed):
        services.take_step(result, "record_asset_report_lapse", actor=province.dept_officer, agency=province.department)

    # The day after the due date, the hourly worker (or `manage.py note_lapses`) finds it, once.
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the flow routes the case once the finding is committed
        call_command("note_lapses", "--date", (host_work.due_on + datetime.timedelta(days=1)).isoformat(), stdout=out)
    assert "Đã ghi nhận 1 hồ sơ quá hạn báo cáo tài sản." in out.getvalue()
    assert note_lapses(host_work.due_on + datetime.timedelta(days=2)) == 0
    result.refresh_from_db()
    assert result.status == Status.REGISTERED and result.asset_report_overdue_on
    event = Event.objects.filter(case_key=case_key_for(result)).order_by("-seq").first()
    assert event.action == "result.asset_report_overdue" and event.actor_id is None

    # The host's task is gone; the Sở's officers have the case.
    task = open_task(result)
    assert (work_of(task).work, work_of(task).agency) == ("record_asset_report_lapse", province.department)
    client.force_login(province.dept_officer)
    assert claim(client, task).status_code == 302
    assert execute(client, task, {"step": "record_asset_report_lapse"}).status_code == 302
    result.refresh_from_db()
    # Recorded as a host that did not apply: the authority chooses among the outcomes for that case.
    assert result.status == Status.OWNERSHIP_NOT_REQUESTED and result.ownership_requested is False

    # The Sở's head submits; the authority decides among the outcomes without an application.
    task = open_task(result)
    assert work_of(task).work == "submit_ownership_decision"
    result = services.take_step(
        result,
        "submit_ownership_decision",
        actor=province.dept_head,
        agency=province.department,
        submission_no="5/TTr-SKHCN",
    )
    decision = {"actor": province.dept_head, "agency": province.department, "decision_no": "9/QĐ-UBND"}
    with pytest.raises(InvalidInput):
        services.decide_ownership(
            result, outcome=OwnershipOutcome.HOST_WITH_REPAYMENT, repayment_value=1_000_000, **decision
        )
    result = services.decide_ownership(result, outcome=OwnershipOutcome.USE_RIGHTS_STATE_ASSET, **decision)
    assert result.status == Status.OWNERSHIP_DECIDED and result.ownership_holder == province.host
