"""Stage times for the head's view of where cases get stuck: for each kind of work (lifecycle stage) and agency, the
median and 90th-percentile days taken by the work finished in the year, the statutory limit (the administrator's
deadline rule) and the share finished by its due date. Read from the work items of the result flow."""

import statistics
from dataclasses import dataclass

from django.utils import timezone

from workflows.models import DeadlineRule, WorkItem
from workflows.pending import WORKS


@dataclass
class StageTime:
    work: str
    label: str
    agency: str
    count: int
    median_days: float
    p90_days: float
    limit: str
    on_time_share: float | None


def _label(work):
    return str(WORKS[work].title) if work in WORKS else work


def _p90(days):
    if len(days) == 1:
        return float(days[0])
    return round(statistics.quantiles(days, n=10, method="inclusive")[-1], 1)


def stage_times(year, results=None):
    """[StageTime] of the work finished in `year` on `results` (the caller's scope; None: every result)."""
    items = WorkItem.objects.filter(task__finished__year=year).select_related("agency").values_list(
        "work", "agency__name", "task__created", "task__finished", "due_on",
    )
    if results is not None:
        items = items.filter(result__in=results)
    groups = {}
    for work, agency, created, finished, due_on in items.iterator(chunk_size=2000):
        done_on = timezone.localtime(finished).date()
        taken = (done_on - timezone.localtime(created).date()).days
        groups.setdefault((work, agency), []).append((taken, None if due_on is None else done_on <= due_on))
    rules = {rule.work: rule for rule in DeadlineRule.objects.all()}
    rows = []
    for (work, agency), values in sorted(groups.items(), key=lambda item: (_label(item[0][0]), item[0][1])):
        days = sorted(taken for taken, _on_time in values)
        judged = [on_time for _taken, on_time in values if on_time is not None]
        rule = rules.get(work)
        rows.append(StageTime(
            work=work, label=_label(work), agency=agency, count=len(days),
            median_days=round(float(statistics.median(days)), 1), p90_days=_p90(days),
            limit=f"{rule.amount} {rule.get_unit_display()}" if rule else "—",
            on_time_share=round(100 * sum(judged) / len(judged), 1) if judged else None,
        ))
    return rows
