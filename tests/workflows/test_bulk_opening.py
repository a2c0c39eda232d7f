"""Opening many imported results at once writes what viewflow's own start writes, and the work it opens is worked
like any other: claimed, done through its page, routed on."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from tasks_registry.lifecycle import FINAL_STATES, OPEN_SUPPORT_STATES, OPEN_TRANSFER_STATES, Status
from tasks_registry.models import CommercialisationSupport, Result, Transfer
from tests.factories import Province
from workflows.flows import ResultFlow
from workflows.models import ResultProcess, WorkItem
from workflows.opening import open_processes, open_tracks, results_without_process, start_missing_tracks
from workflows.pending import WORKS
from workflows.processes import process_of, start_process_for, start_track_for, track_of

from .helpers import claim_and_accept, open_task, work_of

pytestmark = pytest.mark.django_db


def _processes_of(result_ids):
    return ResultProcess.objects.filter(flow_class=ResultFlow, artifact_object_id__in=result_ids)


def _rows_of(result):
    """Everything the result's own process consists of, without its ids and clock times."""
    return _rows_of_process(process_of(result))


def _rows_of_process(process):
    """Everything a process consists of, without its ids and clock times."""
    tasks = list(Task.objects.filter(process=process).order_by("pk"))
    node = {task.pk: task.flow_task.name for task in tasks}
    links = Task.previous.through.objects.filter(from_task__process=process).values_list("from_task", "to_task")
    work = WorkItem.objects.get(task__process=process)
    return {
        "process": (
            process.flow_class,
            process.status,
            process.finished,
            process.artifact_content_type_id,
            process.artifact_object_id,
            process.seed_content_type_id,
            process.seed_object_id,
        ),
        "tasks": [
            (
                task.flow_task.name,
                task.flow_task_type,
                task.status,
                str(task.token),
                task.owner_permission,
                task.owner_id,
                task.started is not None,
                task.finished is not None,
            )
            for task in tasks
        ],
        "links": sorted((node[later], node[earlier]) for later, earlier in links),
        "work": (
            work.agency_id,
            work.role,
            work.work,
            work.due_on,
            work.deadline_basis,
            work.deadline_own_rule,
            work.waiting_in_id,
            work.priority,
            work.follow_up_on,
        ),
    }


def test_bulk_opening_writes_the_rows_viewflows_start_writes():
    call_command("seed_demo", "--results", "150", stdout=io.StringIO())
    results = list(results_without_process().with_parties())
    # The demo's results wait in every state that is not final, in merged provinces' agencies too.
    assert {result.status for result in results} == set(Status) - set(FINAL_STATES)

    with CaptureQueriesContext(connection) as queries:
        assert open_processes(results) == len(results)
    assert len(queries) < 20  # a few INSERTs for all of them, not two dozen queries each
    opened = {result.pk: _rows_of(result) for result in results}
    assert not results_without_process().exists()

    _processes_of(opened).delete()
    for result in Result.objects.filter(pk__in=opened).with_parties():
        start_process_for(result)
    by_engine = {result.pk: _rows_of(result) for result in results}

    assert opened == by_engine
    works = {rows["work"][2] for rows in opened.values()}
    # Every work of a result's own process (a lapse is recorded only once the system found one: test_asset_route).
    own_works = {name for name, work in WORKS.items() if work.subject == "result"} - {"record_asset_report_lapse"}
    assert works == own_works, works
    assert any(rows["work"][3] for rows in opened.values())


def test_bulk_opened_work_is_claimed_done_and_routed_on(client):
    province = Province()
    result = province.result()
    _processes_of([result.pk]).delete()
    open_processes([Result.objects.with_parties().get(pk=result.pk)])

    task = open_task(result)
    assert task.flow_task.name == "review_acceptance"
    assert work_of(task).agency == province.department
    client.force_login(province.dept_head)
    assert result.title in client.get("/workflow/result/queue/").content.decode()

    claim_and_accept(client, task)
    result.refresh_from_db()
    assert result.status == Status.ACCEPTED
    following = open_task(result)
    assert following.flow_task.name == "submit_registration"
    assert work_of(following).agency == province.host


def test_sync_workflows_opens_every_result_without_work_once():
    call_command("seed_demo", "--results", "60", stdout=io.StringIO())
    waiting = results_without_process().count()
    out = io.StringIO()
    call_command("sync_workflows", stdout=out)
    assert str(waiting) in out.getvalue()
    assert not results_without_process().exists()
    call_command("sync_workflows", stdout=out)  # nothing left to open: nothing opened twice
    own = ResultProcess.objects.filter(flow_class=ResultFlow, seed_object_id__isnull=True)
    assert own.count() == own.values("artifact_object_id").distinct().count()
    # Each transfer and support under way has its own process, once.
    tracks = ResultProcess.objects.filter(flow_class=ResultFlow, seed_object_id__isnull=False)
    assert tracks.count() == tracks.values("seed_content_type", "seed_object_id").distinct().count()
    under_way = Transfer.objects.filter(status__in=OPEN_TRANSFER_STATES).count()
    under_way += CommercialisationSupport.objects.filter(status__in=OPEN_SUPPORT_STATES).count()
    assert tracks.count() == under_way > 0


def test_bulk_opening_of_transfers_and_supports_writes_the_rows_viewflows_start_writes():
    call_command("seed_demo", "--results", "150", stdout=io.StringIO())
    open_processes(list(results_without_process().with_parties()))
    subjects = [
        *Transfer.objects.filter(status__in=OPEN_TRANSFER_STATES).select_related(*Transfer.lifecycle_related),
        *CommercialisationSupport.objects.filter(status__in=OPEN_SUPPORT_STATES).select_related(
            *CommercialisationSupport.lifecycle_related
        ),
    ]
    results = Result.objects.with_parties().in_bulk({subject.result_id for subject in subjects})
    cases = [(results[s.result_id], s) for s in subjects if results[s.result_id].status not in FINAL_STATES]
    # The demo has transfers waiting for the unit and for the application report, and supports at every step.
    assert {type(s).__name__ for _r, s in cases} == {"Transfer", "CommercialisationSupport"}
    assert len({(type(s), s.status) for _r, s in cases}) >= 4

    with CaptureQueriesContext(connection) as queries:
        assert open_tracks(cases) == len(cases)
    assert len(queries) < 20  # a few INSERTs for all of them, not two dozen queries each
    opened = {(type(s), s.pk): _rows_of_process(track_of(s)) for _r, s in cases}

    ResultProcess.objects.filter(seed_object_id__isnull=False).delete()
    for result, subject in cases:
        start_track_for(result, subject)
    by_engine = {(type(s), s.pk): _rows_of_process(track_of(s)) for _r, s in cases}
    assert opened == by_engine
    # sync_workflows finds nothing more to open.
    assert start_missing_tracks() == 0
