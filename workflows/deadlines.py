"""Due dates from the administrator's deadline rules, on the Vietnamese working calendar."""

import datetime

from django.utils import timezone

from tasks_registry.models import CommercialisationSupport, SupportStatus

from .calendar import add_working_days, declared_days, period_end
from .models import DeadlineRule, DeadlineStart, DeadlineUnit


def _support_application_days(results):
    """{result id: the day its open support request was sent (or sent again)} in one query for all the results."""
    days = {}
    supports = CommercialisationSupport.objects.filter(
        result__in=[result.pk for result in results], status=SupportStatus.REQUESTED
    ).order_by("result_id", "-requested_on", "-id")
    for result_id, requested_on, resubmitted_on in supports.values_list("result_id", "requested_on", "resubmitted_on"):
        days.setdefault(result_id, resubmitted_on or requested_on)
    return days


class Deadlines:
    """The due dates of a batch of (work, result) pairs created on one day.

    The rules, the support applications and the declared days off are read once for the whole batch (three
    queries at most), so opening the processes of many results costs no more queries than opening one.
    """

    def __init__(self, pairs, created_on):
        """`pairs`: (work, result) or (work, result, the transfer or support the work is about)."""
        pairs = [(pair[0], pair[1], pair[2] if len(pair) > 2 else None) for pair in pairs]
        self.created_on = created_on
        self.routed = {
            (rule.work, rule.route): rule for rule in DeadlineRule.objects.filter(work__in={work for work, *_ in pairs})
        }
        # The rule for every case of each work; `rule_for` picks a route's own rule when it has one.
        self.rules = {work: rule for (work, route), rule in self.routed.items() if not route}
        timed = [(self.rule_for(work, result), result, subject) for work, result, subject in pairs]
        timed = [(rule, result, subject) for rule, result, subject in timed if rule is not None]
        supported = [
            result
            for rule, result, subject in timed
            if result is not None and subject is None and rule.start == DeadlineStart.SUPPORT_APPLICATION
        ]
        self.support_applied_on = _support_application_days(supported) if supported else {}
        starts = [self._start_day(rule, result, subject) for rule, result, subject in timed]
        self.exceptions, self.known_until = {}, None
        if starts:
            # Wide enough for any period of these rules plus Tết and weekends: add_working_days reads nothing more.
            longest = max(rule.amount for rule in self.routed.values())
            self.known_until = max(starts) + datetime.timedelta(days=longest * 2 + 90)
            self.exceptions = declared_days(min(starts), self.known_until)

    def _start_day(self, rule, result, subject=None):
        if rule.start == DeadlineStart.SUPPORT_APPLICATION and getattr(subject, "requested_on", None):
            return subject.resubmitted_on or subject.requested_on
        if rule.start == DeadlineStart.ACCEPTANCE_DATE and result is not None and result.acceptance_date:
            return result.acceptance_date
        if rule.start == DeadlineStart.OWNERSHIP_APPLICATION and result is not None and result.ownership_applied_on:
            return result.ownership_applied_on
        if rule.start == DeadlineStart.SUPPORT_APPLICATION and result is not None:
            day = self.support_applied_on.get(result.pk)
            if day:
                return day
        return self.created_on

    def rule_for(self, work_name, result):
        """The rule that times `work_name` for `result`: its route's own rule (Decree 70/2018's asset route), else
        the work's rule for every case, else None."""
        return self.routed.get((work_name, DeadlineRule.route_of(result))) or self.rules.get(work_name)

    def of(self, work_name, result, subject=None):
        """(due date, basis, whether the period is the province's own rule); (None, "", False) without a rule.
        `subject`: the support whose application starts the period, when the work is one support's."""
        rule = self.rule_for(work_name, result)
        if rule is None:
            return None, "", False
        start = self._start_day(rule, result, subject)
        if rule.unit == DeadlineUnit.WORKING_DAYS:
            due_on = add_working_days(start, rule.amount, self.exceptions, self.known_until)
        else:
            due_on = period_end(start, rule.amount, self.exceptions)
        return due_on, rule.legal_basis, rule.own_rule


def deadline_for(work_name, result, created_on=None, subject=None):
    """(due date, basis, whether the period is the province's own rule) for the work; (None, "", False) when no
    rule is set for it. `subject`: the transfer or support the work is about."""
    return Deadlines([(work_name, result, subject)], created_on or timezone.localdate()).of(work_name, result, subject)


def due_date(work_name, result, created_on=None):
    """(due date, legal basis) for the work, or (None, "") when no rule is set for it."""
    due_on, basis, _own_rule = deadline_for(work_name, result, created_on)
    return due_on, basis


def return_limit(work_name, result, created_on, subject=None):
    """(the last day to send an incomplete dossier back, its basis) for the work, or (None, "") when its rule sets
    none: counted in working days from the same start as the work's own period."""
    deadlines = Deadlines([(work_name, result, subject)], created_on)
    rule = deadlines.rule_for(work_name, result)
    if rule is None or rule.return_within is None:
        return None, ""
    start = deadlines._start_day(rule, result, subject)
    return add_working_days(start, rule.return_within, deadlines.exceptions, deadlines.known_until), rule.return_basis
