"""Open work of a merged agency moves to its successor's queues (a province merger, a district committee giving
way to a commune): each open task's queue permission is re-pointed, its work item names the successor, work in a
person's hands whose role ended goes back to the successor's queue, and each case gets one audit event."""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import recorder

from .models import WorkItem
from .permissions import queue_permission

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def hand_over(agency, successor, *, actor=None, basis=""):
    """Move every open task of `agency` to `successor`; returns the number of tasks moved. Runs in the caller's
    transaction (the merger service), so the merger and the moved work commit together."""
    prefix = queue_permission(agency.pk, "")
    tasks = list(
        Task.objects.select_for_update()
        .filter(status__in=OPEN, owner_permission__startswith=prefix)
        .select_related("process")
        .order_by("pk")
    )
    by_case = {}
    for task in tasks:
        role = task.owner_permission[len(prefix) :]
        before = {"owner_permission": task.owner_permission, "owner_id": task.owner_id, "status": task.status}
        task.owner_permission = queue_permission(successor.pk, role)
        if task.owner_id is not None:
            # The person's membership ended with the agency: the work waits in the successor's queue.
            task.owner, task.status, task.assigned = None, STATUS.NEW, None
        task.save(update_fields=["owner_permission", "owner", "status", "assigned"])
        after = {"owner_permission": task.owner_permission, "owner_id": task.owner_id, "status": task.status}
        artifact = task.process.artifact
        case = artifact if artifact is not None else task.process
        by_case.setdefault(recorder.case_key_for(case), (case, []))[1].append((task.pk, before, after))
    WorkItem.objects.filter(task__in=[t.pk for t in tasks]).update(agency=successor)
    for case, moved in by_case.values():
        recorder.record(
            case=case,
            action="work.handed_over",
            actor=actor,
            agency=successor,
            comment=basis,
            changes={
                "agency_id": [agency.pk, successor.pk],
                "tasks": [[pk for pk, _b, _a in moved], [pk for pk, _b, _a in moved]],
                "owner_permission": [
                    [b["owner_permission"] for _p, b, _a in moved],
                    [a["owner_permission"] for _p, _b, a in moved],
                ],
                "owner_id": [[b["owner_id"] for _p, b, _a in moved], [a["owner_id"] for _p, _b, a in moved]],
            },
        )
    return len(tasks)
