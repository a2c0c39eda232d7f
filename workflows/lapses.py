"""Deadlines whose lapse the law gives a consequence to, found each day (the hourly worker, `manage.py note_lapses`).

Decree 70/2018: a host that neither applies for the rights nor reports the result as a state asset within 60 days
of acceptance leaves the case to the managing agency, which records the lapse; the competent authority then decides
as for a host that did not apply. The host's open work tells when its 60 days ended (its due date, counted as the
law counts: `workflows.deadlines`); `services.note_asset_report_overdue` keeps the finding on the result and in its
history, and the flow hands the case to the managing agency (`pending.WORKS["record_asset_report_lapse"]`).
"""

from django.utils import timezone

from tasks_registry import services
from tasks_registry.lifecycle import Status

from .cancelling import LIVE_TASK_STATUSES
from .models import WorkItem


def lapsed_asset_reports(today):
    """The host's open "apply for the rights or report the asset" work whose due date has passed."""
    return (
        WorkItem.objects.filter(
            work="apply_for_ownership",
            task__status__in=LIVE_TASK_STATUSES,
            due_on__lt=today,
            result__status=Status.REGISTERED,
            result__asset_report_overdue_on__isnull=True,
        )
        .select_related("result")
        .order_by("due_on", "pk")
    )


def note_lapses(today=None):
    """Record every lapse found today, each in its own transaction; returns how many were recorded."""
    today = today or timezone.localdate()
    noted = 0
    for work in lapsed_asset_reports(today):
        result = services.note_asset_report_overdue(work.result, due_on=work.due_on, today=today)
        noted += result.asset_report_overdue_on == today
    return noted
