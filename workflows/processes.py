"""Keeping each result's process in step with its state.

A task's page changes the result and completes the task in one go. When the result changes any other way (an
import, a future API client, a service called from a command), `follow_result` cancels the task that no longer
applies and routes the process again, so the queues never show work that is already done.
"""

import contextvars
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from viewflow.workflow import STATUS

from tasks_registry.lifecycle import FINAL_STATES
from tasks_registry.models import Result

from .models import ResultProcess
from .pending import work_for

_completing_task = contextvars.ContextVar("completing_task", default=False)


@contextmanager
def completing_task():
    """Marks changes made by a task's own page: the task's completion routes the process itself."""
    token = _completing_task.set(True)
    try:
        yield
    finally:
        _completing_task.reset(token)


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
        .order_by("-pk").first()
    )


def follow_result(result):
    if _completing_task.get():
        return
    process = process_of(result)
    if process is None:
        if result.status not in FINAL_STATES:
            start_process_for(result)
        return
    flow = _flow()
    with flow.lock(process.pk), transaction.atomic():
        open_tasks = list(
            flow.task_class.objects.filter(process=process, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED])
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


def results_without_process():
    content_type = ContentType.objects.get_for_model(Result)
    started = ResultProcess.objects.filter(artifact_content_type=content_type).values("artifact_object_id")
    return Result.objects.exclude(pk__in=started).exclude(status__in=FINAL_STATES).order_by("pk")


def start_missing_processes():
    """Start a process for every open result that has none (results from before the flows, or imported)."""
    started = 0
    for result in results_without_process().iterator(chunk_size=500):
        start_process_for(result)
        started += 1
    return started


def hand_out_demo_work(every=3):
    """Demo only: give every `every`-th open task to an officer of its agency, so inboxes are not empty."""
    from django.utils import timezone

    from tasks_registry.models import Membership
    from tasks_registry.roles import Role

    from .task_actions import record_task_event

    officers = {}
    for membership in Membership.objects.active(timezone.localdate()).filter(role=Role.OFFICER).order_by("user__username"):
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
