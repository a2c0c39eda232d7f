"""A superuser's recovery actions on the engine: cancel one task of a result, or its whole process.

Each records an event in the result's history in the same transaction and routes the result again. The flow is
taken from the task or process at hand (`activation.flow_class`, `process.flow_class`), so that this module, which
the flow's own nodes reach through their cancel view, does not import the flow back.
"""

from django.db import transaction
from viewflow.workflow import STATUS

from audit import recorder
from tasks_registry.lifecycle import FINAL_STATES

# A task that still stands for work to do: waiting in a queue, held by someone, or being worked on.
LIVE_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def task_summary(task):
    work = getattr(task, "work", None)
    return {"id": task.pk, "work": work.work if work else task.flow_task.name}


def live_task_of(process):
    if process is None:
        return None
    return (
        process.flow_class.task_class.objects.filter(
            process=process, flow_task_type="HUMAN", status__in=LIVE_TASK_STATUSES
        )
        .select_related("work")
        .order_by("-pk")
        .first()
    )


def cancel_task(activation, *, actor, comment=""):
    """Cancel one open task of a result (a superuser's recovery action) and route the result again.

    The result is unchanged: its state still says what it waits for, so the work comes back, in the queue of the
    agency that must act now (useful after memberships or a party changed). Recorded in the result's history.
    """
    with transaction.atomic():
        task = activation.task
        result = activation.process.result
        before = task_summary(task)
        previous_owner = task.owner.get_username() if task.owner_id else None
        activation.cancel()
        # Route the process from the cancelled task, as its completion would have (viewflow's activation API).
        routing = activation.flow_class.route._create(activation, activation.task.token)
        activation._activate_next({routing})
        after = live_task_of(activation.process)
        recorder.record(
            case=result,
            obj=task,
            action="workflow.task_cancelled",
            actor=actor,
            comment=comment,
            changes={"task": [before, task_summary(after) if after else None], "owner": [previous_owner, None]},
        )
        return after


def cancel_process(process, *, actor, comment=""):
    """Cancel a result's process (a superuser's recovery action); a result still open gets a fresh process.

    Viewflow's own cancel ends the process and leaves the result with no work for ever; here the cancellation is
    recorded in the result's history and, unless the result is in a final state, its work starts again.
    """
    flow = process.flow_class
    with transaction.atomic():
        result = process.result
        cancelled = live_task_of(process)  # a result's process has one open task at a time
        flow.instance.cancel(process)
        replacement = None if result.status in FINAL_STATES else flow.start.run(result=result)
        after = live_task_of(replacement)
        recorder.record(
            case=result,
            obj=process,
            action="workflow.process_cancelled",
            actor=actor,
            comment=comment,
            changes={
                "process": [process.pk, replacement.pk if replacement else None],
                "task": [task_summary(cancelled) if cancelled else None, task_summary(after) if after else None],
            },
        )
        return replacement
