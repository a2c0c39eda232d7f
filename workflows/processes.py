"""Keeping each result's process in step with its state.

A task's page changes the result and completes the task in one go. When the result changes any other way (an
import, a future API client, a service called from a command), `follow_result` cancels the task that no longer
applies and routes the process again, so the queues never show work that is already done.

The engine-level changes a superuser may make (cancel one task, cancel a whole process) are services here too:
each records an event in the result's history in the same transaction and routes the result again, so a result
that is not in a final state always has open work. `reopen_orphaned_results` finds and repairs any that has none
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

from .completion import task_is_completing
from .models import ResultProcess, WorkItem
from .pending import work_for


def _flow():
    from .flows import ResultFlow

    return ResultFlow


def start_process_for(result):
    with transaction.atomic():
        return _flow().start.run(result=result)


def process_of(result):
    content_type = ContentType.objects.get_for_model(Result)
    return (
        ResultProcess.objects.filter(artifact_content_type=content_type, artifact_object_id=result.pk)
        .order_by("-pk")
        .first()
    )


def follow_result(result):
    if task_is_completing():
        return
    process = process_of(result)
    if process is None:
        if result.status not in FINAL_STATES:
            start_process_for(result)
        return
    flow = _flow()
    with flow.lock(process.pk), transaction.atomic():
        open_tasks = list(
            flow.task_class.objects.filter(
                process=process, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
            )
        )
        expected = work_for(result)
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


# A task that still stands for work to do: waiting in a queue, held by someone, or being worked on.
LIVE_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def _task_summary(task):
    work = getattr(task, "work", None)
    return {"id": task.pk, "work": work.work if work else task.flow_task.name}


def _live_task_of(process):
    if process is None:
        return None
    return (
        _flow()
        .task_class.objects.filter(process=process, flow_task_type="HUMAN", status__in=LIVE_TASK_STATUSES)
        .select_related("work")
        .order_by("-pk")
        .first()
    )


def _route_again(activation):
    """Route the process from a cancelled task, as that task's completion would have (viewflow's activation API)."""
    routing = _flow().route._create(activation, activation.task.token)
    activation._activate_next({routing})


def cancel_task(activation, *, actor, comment=""):
    """Cancel one open task of a result (a superuser's recovery action) and route the result again.

    The result is unchanged: its state still says what it waits for, so the work comes back, in the queue of the
    agency that must act now (useful after memberships or a party changed). Recorded in the result's history.
    """
    with transaction.atomic():
        task = activation.task
        result = activation.process.result
        before = _task_summary(task)
        previous_owner = task.owner.get_username() if task.owner_id else None
        activation.cancel()
        _route_again(activation)
        after = _live_task_of(activation.process)
        recorder.record(
            case=result,
            obj=task,
            action="workflow.task_cancelled",
            actor=actor,
            comment=comment,
            changes={"task": [before, _task_summary(after) if after else None], "owner": [previous_owner, None]},
        )
        return after


def cancel_process(process, *, actor, comment=""):
    """Cancel a result's process (a superuser's recovery action); a result still open gets a fresh process.

    Viewflow's own cancel ends the process and leaves the result with no work for ever; here the cancellation is
    recorded in the result's history and, unless the result is in a final state, its work starts again.
    """
    flow = _flow()
    with transaction.atomic():
        result = process.result
        cancelled = _live_task_of(process)  # a result's process has one open task at a time
        flow.instance.cancel(process)
        replacement = None if result.status in FINAL_STATES else start_process_for(result)
        after = _live_task_of(replacement)
        recorder.record(
            case=result,
            obj=process,
            action="workflow.process_cancelled",
            actor=actor,
            comment=comment,
            changes={
                "process": [process.pk, replacement.pk if replacement else None],
                "task": [_task_summary(cancelled) if cancelled else None, _task_summary(after) if after else None],
            },
        )
        return replacement


def orphaned_results():
    """Results not in a final state with no live task: nobody would ever be asked to act on them."""
    live = WorkItem.objects.filter(result=OuterRef("pk"), task__status__in=LIVE_TASK_STATUSES)
    return Result.objects.exclude(status__in=FINAL_STATES).exclude(Exists(live)).order_by("pk")


def reopen_orphaned_results(*, actor=None, comment=""):
    """Give every orphaned result its work again, each in its own transaction with an event in its history.

    A process that is still running (stuck on a gateway, or left with an error) is cancelled first, so that the
    result has exactly one running process. Returns the ids of the results reopened.
    """
    flow, reopened = _flow(), []
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
            after = _live_task_of(replacement)
            recorder.record(
                case=result,
                obj=replacement,
                action="workflow.reopened",
                actor=actor,
                comment=comment,
                changes={
                    "process": [old.pk if old else None, replacement.pk],
                    "task": [None, _task_summary(after) if after else None],
                },
            )
            reopened.append(result.pk)
    return reopened


def results_without_process():
    content_type = ContentType.objects.get_for_model(Result)
    started = ResultProcess.objects.filter(artifact_content_type=content_type).values("artifact_object_id")
    return Result.objects.exclude(pk__in=started).exclude(status__in=FINAL_STATES).order_by("pk")


def start_missing_processes(batch=1000):
    """Start a process for every open result that has none (results from before the flows, or imported).

    Opened in bulk (workflows/opening.py): the rows viewflow's start writes, a batch of results per transaction.
    """
    from .opening import open_missing

    return open_missing(results_without_process(), batch=batch)


def hand_out_demo_work(every=3):
    """Demo only: give every `every`-th open task to an officer of its agency, so inboxes are not empty."""
    from django.utils import timezone

    from tasks_registry.models import Membership
    from tasks_registry.roles import Role

    from .task_actions import record_task_event

    officers = {}
    for membership in (
        Membership.objects.active(timezone.localdate()).filter(role=Role.OFFICER).order_by("user__username")
    ):
        officers.setdefault(membership.agency_id, []).append(membership.user)
    flow, handed = _flow(), 0
    tasks = flow.task_class.objects.filter(flow_task_type="HUMAN", status=STATUS.NEW, work__role=Role.OFFICER)
    for index, task in enumerate(tasks.select_related("work").order_by("pk")):
        people = officers.get(task.work.agency_id)
        if not people or index % every:
            continue
        with transaction.atomic(), task.activation() as activation:
            owner = people[index % len(people)]
            activation.assign(owner)
            record_task_event(activation.task, "task.claimed", owner, {"owner": [None, owner.get_username()]})
            handed += 1
    return handed
