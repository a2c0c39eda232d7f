"""Stage times, the head's view of where cases get stuck: for each kind of work of the result lifecycle and each
agency, the steps taken in the year: median and 90th-percentile days from the case's previous step to this one, the
statutory limit (the administrator's deadline rule for that work) and the share taken within it.

Read from the results' event history, because it is the one record that holds every step with its time and the
agency that acted (work items exist only for the steps the flow has handed out since it started). A step is timed
from the previous step of the same case; a rule counted from another start (e.g. the acceptance date) is
approximated by that previous step, which for those rules is the same day.

Reading a scope's years of events is the KPI page's heaviest work, and its answer changes only when one of the
scope's chains grows (the log is append-only), a deadline rule or a declared day changes. It is kept in the cache
under a key made of exactly those: the scope's chains (their number, total length and last hashes, from the chain
heads), the rules, the declared days, the year and the language of the labels."""

import datetime
import hashlib
import statistics
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone, translation

from audit.models import ChainHead, Event
from audit.recorder import case_keys
from workflows.calendar import add_working_days, declared_days, period_end
from workflows.models import DeadlineRule, DeadlineUnit
from workflows.pending import WORKS

CASE_PREFIX = "tasks_registry.result:"
LOOK_BACK_YEARS = 3  # a step is timed from a previous step at most this many years earlier
CACHE_SECONDS = 24 * 3600  # a bound only: any change to what the figures are made of changes the key at once


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


def _work_of_step():
    """{step name: work name}: the work that offers the step (the first, when several do, e.g. closing)."""
    works = {}
    for work in WORKS.values():
        for step in work.steps:
            works.setdefault(step, work.name)
    return works


def _p90(days):
    if len(days) == 1:
        return float(days[0])
    return round(statistics.quantiles(days, n=10, method="inclusive")[-1], 1)


def _due(rule, start, declared, known_until=None):
    """The due date as the queue counts it (workflows.deadlines), so a step is on time in both places."""
    if rule is None:
        return None
    if rule.unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(start, rule.amount, declared, known_until)
    return period_end(start, rule.amount, declared)


def _chains_of(results):
    chains = ChainHead.objects.filter(case_key__startswith=CASE_PREFIX)
    return chains if results is None else chains.filter(case_key__in=case_keys(results))


def _cache_key(year, results, rules, declared):
    """Everything the stage times are computed from, as one key (see the module's docstring)."""
    chains = _chains_of(results).aggregate(
        count=Count("pk"), events=Sum("length"), first=Min("last_hash"), last=Max("last_hash")
    )
    try:
        scope = "" if results is None else str(results.order_by().values("pk").query)
    except EmptyResultSet:  # a scope that cannot hold anything: nothing worth keeping
        return None
    rule_terms = sorted((rule.work, rule.amount, rule.unit, rule.start) for rule in rules.values())
    made_of = repr(
        (year, scope, sorted(chains.items()), rule_terms, sorted(declared.items()), translation.get_language())
    )
    return "reports.stage_times:" + hashlib.sha256(made_of.encode()).hexdigest()


def stage_times(year, results=None):
    """[StageTime] of the steps taken in `year` on `results` (the caller's scope; None: every result)."""
    # Each work against its rule for every case (a route's own rule, e.g. Decree 70/2018's, is not told apart here).
    rules = {rule.work: rule for rule in DeadlineRule.objects.filter(route="")}
    first = timezone.make_aware(datetime.datetime(year - LOOK_BACK_YEARS, 1, 1))
    # Declared days off for every period that can end in the year (the longest rule is a year, 365 days).
    known_until = datetime.date(year + 2, 12, 31)
    declared = declared_days(first.date(), known_until)
    key = _cache_key(year, results, rules, declared)
    rows = cache.get(key) if key else None
    if rows is None:
        rows = _stage_times(year, results, rules, declared, first, known_until)
        if key:
            cache.set(key, rows, CACHE_SECONDS)
    return rows


def _stage_times(year, results, rules, declared, first, known_until):
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    events = (
        Event.objects.filter(
            case_key__startswith=CASE_PREFIX, action__startswith="result.", occurred_at__gte=first, occurred_at__lt=end
        )
        .order_by("case_key", "seq")
        .values_list("case_key", "action", "occurred_at", "agency_name")
    )
    if results is not None:
        # The scope's own chains, read by their index: the year's steps of other provinces are never fetched.
        events = events.filter(case_key__in=case_keys(results))
    step_work = _work_of_step()
    # Many steps start on the same day under the same rule: each due date is worked out once.
    due_dates = {}
    groups, previous = {}, {}
    for case_key, action, occurred_at, agency in events.iterator(chunk_size=5000):
        day = timezone.localtime(occurred_at).date()
        before = previous.get(case_key)
        previous[case_key] = day
        work = step_work.get(action.removeprefix("result."))
        if before is None or work is None or day.year != year:
            continue
        if (work, before) not in due_dates:
            due_dates[work, before] = _due(rules.get(work), before, declared, known_until)
        due = due_dates[work, before]
        groups.setdefault((work, agency or "—"), []).append(((day - before).days, None if due is None else day <= due))
    rows = []
    for (work, agency), values in groups.items():
        days = sorted(taken for taken, _on_time in values)
        judged = [on_time for _taken, on_time in values if on_time is not None]
        rule = rules.get(work)
        rows.append(
            StageTime(
                work=work,
                label=str(WORKS[work].title),
                agency=agency,
                count=len(days),
                median_days=round(float(statistics.median(days)), 1),
                p90_days=_p90(days),
                limit=f"{rule.amount} {rule.get_unit_display()}" if rule else "—",
                on_time_share=round(100 * sum(judged) / len(judged), 1) if judged else None,
            )
        )
    return sorted(rows, key=lambda row: (row.label, row.agency))
