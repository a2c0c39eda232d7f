"""Keeping each result's process in step with its state.

A task's page changes the result and completes the task in one go. When the result changes any other way (an
import, a future API client, a service called from a command), `follow_result` cancels the task that no longer
applies and routes the process again, so the queues never show work that is already done.

The engine-level changes a superuser may make (cancel one task, cancel a whole process: `cancelling`) record an
event in the result's history in the same transaction and route the result again, so a result that is not in a
final state always has open work. `reopen_orphaned_results` finds and repairs any that has none
(`manage.py check_open_work`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from viewflow.workflow import PROCESS, STATUS
from viewflow.workflow.exceptions import FlowRuntimeError

from audit import recorder
from tasks_registry.lifecycle import FINAL_STATES
from tasks_registry.models import Result

from .cancelling import LIVE_TASK_STATUSES, live_task_of, task_summary
from .completion import task_is_completing
from .flows import ResultFlow
from .models import ResultProcess, WorkItem
from .pending import work_for


def start_process_for(result):
    with transaction.atomic():
        return ResultFlow.start.run(result=result)


def start_track_for(result, subject):
    """Open the process of one transfer or support of `result`."""
    with transaction.atomic():
        return ResultFlow.start_track.run(result=result, subject=subject)


def process_of(result):
    """The result's own process (not one of its transfers' or supports')."""
    content_type = ContentType.objects.get_for_model(Result)
    return (
        ResultProcess.objects.filter(
            artifact_content_type=content_type, artifact_object_id=result.pk, seed_object_id__isnull=True
        )
        .order_by("-pk")
        .first()
    )


def live_tasks_of(result):
    """The open human tasks of the result's own process and of each of its transfers' and supports'."""
    content_type = ContentType.objects.get_for_model(Result)
    return (
        ResultFlow.task_class.objects.filter(
            process__flow_class=ResultFlow,
            process__artifact_content_type=content_type,
            process__artifact_object_id=result.pk,
            flow_task_type="HUMAN",
            status__in=LIVE_TASK_STATUSES,
        )
        .select_related("work", "process")
        .order_by("pk")
    )


def track_of(subject):
    """The process of one transfer or support, or None."""
    content_type = ContentType.objects.get_for_model(type(subject))
    return (
        ResultProcess.objects.filter(seed_content_type=content_type, seed_object_id=subject.pk).order_by("-pk").first()
    )


def follow_result(result, subject=None):
    """Keep the result's process, and the process of the transfer or support a step acted on (or opened), in step
    with their states."""
    _follow(process_of(result), result, None)
    if subject is not None:
        _follow(track_of(subject), result, subject)


def _follow(process, result, subject):
    if task_is_completing(process):
        return
    if process is None:
        if subject is not None:
            if work_for(result, subject) is not None:
                start_track_for(result, subject)
        elif result.status not in FINAL_STATES:
            start_process_for(result)
        return
    flow = ResultFlow
    with flow.lock(process.pk), transaction.atomic():
        open_tasks = list(
            flow.task_class.objects.filter(
                process=process, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
            )
        )
        expected = work_for(result, subject)
        if expected and any(task.flow_task.name == expected.name for task in open_tasks):
            return
        if not open_tasks:
            return
        cancelled = None
        for task in open_tasks:
            cancelled = task.flow_task.activation_class(task)
            cancelled.cancel()
        # Route again from the cancelled task, as its completion would have (viewflow's own activation API).
        routing = flow.route._create(cancelled, cancelled.task.token)
        cancelled._activate_next({routing})


def orphaned_results():
    """Results not in a final state with no live task: nobody would ever be asked to act on them."""
    live = WorkItem.objects.filter(
        result=OuterRef("pk"), task__status__in=LIVE_TASK_STATUSES, task__process__seed_object_id__isnull=True
    )
    return Result.objects.exclude(status__in=FINAL_STATES).exclude(Exists(live)).order_by("pk")


def reopen_orphaned_results(*, actor=None, comment=""):
    """Give every orphaned result its work again, each in its own transaction with an event in its history.

    A process that is still running (stuck on a gateway, or left with an error) is cancelled first, so that the
    result has exactly one running process. Returns the ids of the results reopened.
    """
    flow, reopened = ResultFlow, []
    for result in orphaned_results().iterator(chunk_size=200):
        with transaction.atomic():
            result = Result.objects.select_for_update(of=("self",)).with_parties().get(pk=result.pk)
            if not orphaned_results().filter(pk=result.pk).exists():
                continue  # repaired meanwhile
            old = process_of(result)
            if old is not None and old.status not in (PROCESS.DONE, PROCESS.CANCELED):
                try:
                    flow.instance.cancel(old)
                except FlowRuntimeError:
                    continue  # a task of it is being worked on right now: not orphaned after all
            replacement = start_process_for(result)
            after = live_task_of(replacement)
            recorder.record(
                case=result,
                obj=replacement,
                action="workflow.reopened",
                actor=actor,
                comment=comment,
                changes={
                    "process": [old.pk if old else None, replacement.pk],
                    "task": [None, task_summary(after) if after else None],
                },
            )
            reopened.append(result.pk)
    return reopened
