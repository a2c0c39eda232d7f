"""Due dates from the administrator's deadline rules, on the Vietnamese working calendar."""

from django.utils import timezone

from audit.models import Event
from audit.recorder import case_key_for

from .calendar import add_working_days, period_end
from .models import DeadlineRule, DeadlineStart, DeadlineUnit

_APPLICATION_ACTIONS = {
    DeadlineStart.OWNERSHIP_APPLICATION: ("result.apply_for_ownership", "result.resubmit_ownership", "result.decline_ownership"),
    DeadlineStart.SUPPORT_APPLICATION: ("result.request_support", "result.resubmit_support"),
}


def _start_day(rule, result, created_on):
    if rule.start == DeadlineStart.ACCEPTANCE_DATE and result.acceptance_date:
        return result.acceptance_date
    if rule.start in _APPLICATION_ACTIONS:
        when = (
            Event.objects.filter(case_key=case_key_for(result), action__in=_APPLICATION_ACTIONS[rule.start])
            .order_by("-seq").values_list("occurred_at", flat=True).first()
        )
        if when:
            return timezone.localtime(when).date()
    return created_on


def deadline_for(work_name, result, created_on=None):
    """(due date, basis, whether the period is the province's own rule) for the work; (None, "", False) when no
    rule is set for it."""
    rule = DeadlineRule.objects.filter(work=work_name).first()
    if rule is None:
        return None, "", False
    start = _start_day(rule, result, created_on or timezone.localdate())
    if rule.unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(start, rule.amount), rule.legal_basis, rule.own_rule
    return period_end(start, rule.amount), rule.legal_basis, rule.own_rule


def due_date(work_name, result, created_on=None):
    """(due date, legal basis) for the work, or (None, "") when no rule is set for it."""
    due_on, basis, _own_rule = deadline_for(work_name, result, created_on)
    return due_on, basis
