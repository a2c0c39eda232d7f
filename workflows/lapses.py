"""Deadlines whose lapse the law gives a consequence to, found each day (the hourly worker, `manage.py note_lapses`).

Decree 70/2018: a host that neither applies for the rights nor reports the result as a state asset within 60 days
of acceptance leaves the case to the managing agency, which records the lapse; the competent authority then decides
as for a host that did not apply. The end of the 60 days is computed here from the acceptance date and the rule (as
the law counts: `workflows.deadlines`), never read from the work item, whose due date the host's head may re-plan.
A result registered only after the 60 days had ended (a late registration) left its host no chance to act: it is
not found lapsed (our default; docs/legal-sources.md R28).
`services.note_asset_report_overdue` keeps the finding on the result and in its history, and the flow hands the case
to the managing agency (`pending.WORKS["record_asset_report_lapse"]`).
"""

import logging

from django.utils import timezone

from tasks_registry import services
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import Status

from .cancelling import LIVE_TASK_STATUSES
from .deadlines import Deadlines
from .models import WorkItem

logger = logging.getLogger(__name__)
WORK = "apply_for_ownership"


def lapsed_asset_reports(today):
    """[(work item, the day the host's 60 days ended)] for the host's open work whose 60 days ended before `today`
    and whose result was registered (so the host could act) before they ended."""
    waiting = list(
        WorkItem.objects.filter(
            work=WORK,
            task__status__in=LIVE_TASK_STATUSES,
            result__status=Status.REGISTERED,
            result__asset_report_overdue_on__isnull=True,
            result__acceptance_date__lt=today,
        )
        .select_related("result")
        .order_by("result__acceptance_date", "pk")
    )
    deadlines = Deadlines([(WORK, work.result) for work in waiting], today)
    lapsed = []
    for work in waiting:
        ended_on, _basis, _own_rule = deadlines.of(WORK, work.result)
        registered_on = work.result.registered_on
        if ended_on is not None and ended_on < today and registered_on is not None and registered_on <= ended_on:
            lapsed.append((work, ended_on))
    return lapsed


def note_lapses(today=None):
    """Record every lapse found today, each in its own transaction; returns how many were recorded. One case that
    fails is logged and skipped: the others are still recorded."""
    today = today or timezone.localdate()
    noted = 0
    for work, ended_on in lapsed_asset_reports(today):
        try:
            result = services.note_asset_report_overdue(work.result, due_on=ended_on, today=today)
        except ServiceError:
            logger.exception("asset report lapse of result %s not recorded", work.result_id)
            continue
        noted += result.asset_report_overdue_on == today
    return noted
