"""viewflow's engine-level actions: a superuser's cancel is recorded and the result gets its work back; undo and
revive are offered to nobody; `check_open_work` finds and reopens results left without work."""

import pytest
from django.core.management import call_command
from viewflow.workflow import PROCESS, STATUS

from audit.models import Event
from audit.recorder import case_key_for
from tests.factories import Province, make_user
from workflows.flows import ResultFlow
from workflows.models import ResultProcess
from workflows.processes import orphaned_results, process_of

from .helpers import claim, open_task, task_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return make_user("root", is_superuser=True, is_staff=True, first_name="Quản", last_name="Trị")


def test_a_superuser_cancelling_a_task_in_the_web_ui_is_recorded_and_the_work_comes_back(client, root):
    province = Province()
    result = province.accepted()
    task = open_task(result)
    client.force_login(province.host_officer)
    claim(client, task)

    client.force_login(root)
    response = client.post(task_url(task, "cancel"), {"comment": "Giao nhầm cơ quan"})
    assert response.status_code == 302

    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    event = Event.objects.get(case_key=case_key_for(result), action="workflow.task_cancelled")
    assert event.actor == root and event.comment == "Giao nhầm cơ quan"
    fresh = open_task(result)
    assert fresh.pk != task.pk and fresh.flow_task.name == task.flow_task.name
    assert fresh.owner is None and fresh.status == STATUS.NEW  # back in the agency's queue
    assert event.changes["task"] == [
        {"id": task.pk, "work": "submit_registration"},
        {"id": fresh.pk, "work": "submit_registration"},
    ]
    assert not orphaned_results().exists()


def test_a_superuser_cancelling_a_process_in_the_web_ui_is_recorded_and_a_new_process_opens(client, root):
    province = Province()
    result = province.accepted()
    process = process_of(result)
    client.force_login(root)
    response = client.post(f"/workflow/result/{process.pk}/cancel/", {"_cancel_process": "1"})
    assert response.status_code == 302

    process.refresh_from_db()
    assert process.status == PROCESS.CANCELED
    replacement = process_of(result)
    assert replacement.pk != process.pk and replacement.status == PROCESS.NEW
    assert open_task(result).process_id == replacement.pk
    event = Event.objects.get(case_key=case_key_for(result), action="workflow.process_cancelled")
    assert event.actor == root
    assert event.changes["process"] == [process.pk, replacement.pk]
    assert not orphaned_results().exists()
    # Shown in the result's history by its label, not its code.
    client.force_login(province.dept_officer)
    html = client.get(f"/results/{result.pk}/").content.decode()
    assert "Quản trị viên huỷ quy trình, mở quy trình mới" in html and "workflow.process_cancelled" not in html


@pytest.mark.parametrize("who", ["dept_head", "host_officer", "host_head"])
def test_nobody_but_a_superuser_may_cancel_a_task_or_a_process(client, who):
    province = Province()
    result = province.accepted()
    task = open_task(result)
    client.force_login(getattr(province, who))
    assert client.post(task_url(task, "cancel")).status_code == 403
    assert client.post(f"/workflow/result/{task.process_id}/cancel/", {"_cancel_process": "1"}).status_code == 403
    task.refresh_from_db()
    assert task.status == STATUS.NEW
    assert not Event.objects.filter(action__startswith="workflow.").exists()


def test_undo_and_revive_are_offered_to_nobody_not_even_a_superuser(client, root):
    province = Province()
    result = province.accepted()
    # The review task the service call overtook is cancelled: revive would bring it back as a duplicate.
    earlier = ResultFlow.task_class.objects.get(
        process__artifact_object_id=result.pk, flow_task_type="HUMAN", status=STATUS.CANCELED
    )
    task = open_task(result)
    client.force_login(root)
    for target in (earlier, task):
        for action in ("undo", "revive"):
            assert client.post(task_url(target, action)).status_code == 404, (target, action)
    # The gateway and the end node of the flow: refused by the flow itself.
    switch = ResultFlow.task_class.objects.filter(process=task.process, flow_task=ResultFlow.route).first()
    assert client.post(f"/workflow/result/{task.process_id}/route/{switch.pk}/undo/").status_code == 403
    assert client.post(f"/workflow/result/{task.process_id}/route/{switch.pk}/cancel/").status_code == 403
    task.refresh_from_db()
    earlier.refresh_from_db()
    assert task.status == STATUS.NEW and earlier.status == STATUS.CANCELED
    assert open_task(result) == task


def test_the_engine_admin_shows_processes_and_tasks_but_changes_nothing(client, root):
    province = Province()
    task = open_task(province.accepted())
    client.force_login(root)
    assert client.get(f"/admin/viewflow/task/{task.pk}/change/").status_code == 200
    assert client.post(f"/admin/viewflow/task/{task.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/viewflow/process/{task.process_id}/delete/", {"post": "yes"}).status_code == 403
    task.refresh_from_db()
    assert task.status == STATUS.NEW


def test_check_open_work_reopens_a_result_left_without_work_by_the_engine(capsys):
    province = Province()
    orphan, healthy = province.accepted(), province.accepted()
    ResultFlow.instance.cancel(ResultProcess.objects.get(pk=process_of(orphan).pk))  # viewflow's bare cancel
    assert list(orphaned_results()) == [orphan]

    call_command("check_open_work", "--dry-run")
    assert "1 kết quả" in capsys.readouterr().out
    assert list(orphaned_results()) == [orphan]

    call_command("check_open_work")
    assert "1 kết quả" in capsys.readouterr().out
    assert not orphaned_results().exists()
    assert open_task(orphan).flow_task.name == "submit_registration"
    event = Event.objects.get(case_key=case_key_for(orphan), action="workflow.reopened")
    assert event.actor is None and event.changes["process"][1] == process_of(orphan).pk
    assert not Event.objects.filter(case_key=case_key_for(healthy), action__startswith="workflow.").exists()

    call_command("check_open_work")  # nothing left to do: nothing recorded twice
    assert Event.objects.filter(action="workflow.reopened").count() == 1


def test_an_officer_holding_a_task_may_release_it_but_not_reassign_it(client):
    from tasks_registry.roles import Role
    from tests.factories import make_member

    province = Province()
    result = province.accepted()
    task = open_task(result)
    colleague = make_member(province.host, Role.OFFICER, "host-colleague")
    client.force_login(province.host_officer)
    claim(client, task)
    assert client.get(task_url(task, "reassign")).status_code == 403
    assert client.post(task_url(task, "reassign"), {"owner": colleague.pk}).status_code == 403
    task.refresh_from_db()
    assert task.owner == province.host_officer
    assert "/reassign/" not in client.get(task_url(task, "detail")).content.decode()
    assert not Event.objects.filter(case_key=case_key_for(result), action="task.reassigned").exists()
    # …while a head of the agency may.
    client.force_login(province.host_head)
    assert client.post(task_url(task, "reassign"), {"owner": colleague.pk}).status_code == 302
    task.refresh_from_db()
    assert task.owner == colleague


def test_an_annual_report_s_work_cannot_be_cancelled_undone_or_revived_by_anyone(client, root):
    from reports.annual_report_flow import open_task_of
    from tests.reports.builders import ReportingProvince

    province = ReportingProvince("R")
    report, _department = province.open()
    task = open_task_of(report)
    client.force_login(root)
    base = f"/workflow/annualreport/{task.process_id}"
    assert client.post(f"{base}/{task.flow_task.name}/{task.pk}/cancel/").status_code in (403, 404)
    assert client.post(f"{base}/{task.flow_task.name}/{task.pk}/undo/").status_code == 404
    assert client.post(f"{base}/cancel/", {"_cancel_process": "1"}).status_code == 403
    task.refresh_from_db()
    assert open_task_of(report) == task and task.status == STATUS.NEW
