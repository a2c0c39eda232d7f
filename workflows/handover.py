"""Open work of a merged agency moves to its successor's queues (a province merger, a district committee giving
way to a commune): each open task's queue permission is re-pointed, its work item names the successor, work in a
person's hands whose role ended goes back to the successor's queue, and each case gets one audit event."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit import recorder

from .models import WorkItem
from .permissions import queue_permission

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def hand_over_registrations(registrar, *, actor=None):
    """Move the registration dossiers of national and ministerial tasks that wait elsewhere to `registrar`, just
    marked as their registrar (TT 14/2014); returns how many tasks moved. In the caller's transaction, recorded."""
    from tasks_registry.access import CENTRAL_LEVELS

    moved = 0
    waiting = (
        WorkItem.objects.filter(
            work="verify_registration", task__status__in=OPEN, result__task__level__in=CENTRAL_LEVELS
        )
        .exclude(agency=registrar)
        .select_related("agency")
        .order_by("agency_id", "pk")
    )
    by_agency = {}
    for work in waiting:
        by_agency.setdefault(work.agency, []).append(work.task_id)
    for agency, task_ids in by_agency.items():
        moved += _move_tasks(
            Task.objects.filter(pk__in=task_ids), agency, registrar, actor=actor, basis=str(_REGISTRAR_BASIS)
        )
    return moved


_REGISTRAR_BASIS = _("Thông tư 14/2014/TT-BKHCN: cơ quan đăng ký kết quả nhiệm vụ cấp quốc gia, cấp bộ")


def hand_over(agency, successor, *, actor=None, basis=""):
    """Move every open task of `agency` to `successor`; returns the number of tasks moved. Runs in the caller's
    transaction (the merger service), so the merger and the moved work commit together."""
    prefix = queue_permission(agency.pk, "")
    return _move_tasks(
        Task.objects.filter(owner_permission__startswith=prefix), agency, successor, actor=actor, basis=basis
    )


def _move_tasks(tasks, agency, successor, *, actor, basis):
    """Re-point the open ones of `tasks` (all in `agency`'s queues) to `successor`'s queue of the same role."""
    prefix = queue_permission(agency.pk, "")
    tasks = list(
        tasks.select_for_update()
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
