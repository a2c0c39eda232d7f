"""Due dates from the administrator's deadline rules, on the Vietnamese working calendar."""

import datetime

from django.utils import timezone

from audit.models import Event
from audit.recorder import case_key_for

from .calendar import add_working_days, declared_days, period_end
from .models import DeadlineRule, DeadlineStart, DeadlineUnit

_APPLICATION_ACTIONS = {
    DeadlineStart.OWNERSHIP_APPLICATION: (
        "result.apply_for_ownership",
        "result.resubmit_ownership",
        "result.decline_ownership",
    ),
    DeadlineStart.SUPPORT_APPLICATION: ("result.request_support", "result.resubmit_support"),
}


def _latest_application_days(results, actions):
    """{result id: the local day of its latest application event} (one query for all the results)."""
    ids_by_key = {case_key_for(result): result.pk for result in results}
    latest = {}
    rows = Event.objects.filter(case_key__in=ids_by_key, action__in=actions).values_list(
        "case_key", "seq", "occurred_at"
    )
    for key, seq, when in rows:
        if key not in latest or seq > latest[key][0]:
            latest[key] = (seq, when)
    return {ids_by_key[key]: timezone.localtime(when).date() for key, (_seq, when) in latest.items()}


class Deadlines:
    """The due dates of a batch of (work, result) pairs created on one day.

    The rules, the application days and the declared days off are read once for the whole batch (three queries
    at most), so opening the processes of many results costs no more queries than opening one.
    """

    def __init__(self, pairs, created_on):
        self.created_on = created_on
        self.rules = {rule.work: rule for rule in DeadlineRule.objects.filter(work__in={work for work, _ in pairs})}
        waiting = {}
        for work, result in pairs:
            rule = self.rules.get(work)
            if rule is not None and rule.start in _APPLICATION_ACTIONS and result is not None:
                waiting.setdefault(rule.start, []).append(result)
        self.applied_on = {
            start: _latest_application_days(results, _APPLICATION_ACTIONS[start]) for start, results in waiting.items()
        }
        starts = [self._start_day(self.rules[work], result) for work, result in pairs if work in self.rules]
        self.exceptions, self.known_until = {}, None
        if starts:
            # Wide enough for any period of these rules plus Tết and weekends: add_working_days reads nothing more.
            longest = max(rule.amount for rule in self.rules.values())
            self.known_until = max(starts) + datetime.timedelta(days=longest * 2 + 90)
            self.exceptions = declared_days(min(starts), self.known_until)

    def _start_day(self, rule, result):
        if rule.start == DeadlineStart.ACCEPTANCE_DATE and result is not None and result.acceptance_date:
            return result.acceptance_date
        if rule.start in _APPLICATION_ACTIONS and result is not None:
            day = self.applied_on.get(rule.start, {}).get(result.pk)
            if day:
                return day
        return self.created_on

    def of(self, work_name, result):
        """(due date, basis, whether the period is the province's own rule); (None, "", False) without a rule."""
        rule = self.rules.get(work_name)
        if rule is None:
            return None, "", False
        start = self._start_day(rule, result)
        if rule.unit == DeadlineUnit.WORKING_DAYS:
            due_on = add_working_days(start, rule.amount, self.exceptions, self.known_until)
        else:
            due_on = period_end(start, rule.amount, self.exceptions)
        return due_on, rule.legal_basis, rule.own_rule


def deadline_for(work_name, result, created_on=None):
    """(due date, basis, whether the period is the province's own rule) for the work; (None, "", False) when no
    rule is set for it."""
    return Deadlines([(work_name, result)], created_on or timezone.localdate()).of(work_name, result)


def due_date(work_name, result, created_on=None):
    """(due date, legal basis) for the work, or (None, "") when no rule is set for it."""
    due_on, basis, _own_rule = deadline_for(work_name, result, created_on)
    return due_on, basis
