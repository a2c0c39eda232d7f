"""Who may read the log, and which part of it: auditors read what their AuditorScope grants, never more."""

from django.db.models import CharField, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from tasks_registry.models import Agency, Membership, Province, Result
from tasks_registry.roles import Role

from .models import AuditorScope, Event

RESULT_CASE_PREFIX = "tasks_registry.result:"


def is_auditor(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or Membership.objects.active().filter(user=user, role=Role.AUDITOR).exists()


def is_read_only_auditor(user) -> bool:
    """An auditor and nothing else: such a person may change nothing on the site."""
    if not user.is_authenticated or user.is_superuser:
        return False  # superusers administer the site; their changes are audited, not refused
    roles = set(Membership.objects.active().filter(user=user).values_list("role", flat=True))
    return roles == {Role.AUDITOR}


def visible_events(user):
    """Events of the agencies in the person's active scopes, and every event of their results' cases."""
    if user.is_superuser:
        return Event.objects.all()
    grants = list(AuditorScope.objects.active().filter(user=user).values_list("province_wide", "province", "agencies"))
    if any(province_wide and province is None for province_wide, province, _agency in grants):
        return Event.objects.all()
    agency_ids = {agency for _wide, _province, agency in grants if agency is not None}
    for province in Province.objects.filter(pk__in={p for wide, p, _a in grants if wide and p is not None}):
        agency_ids |= set(Agency.objects.filter(province_id__in=province.lineage_ids()).values_list("pk", flat=True))
    if not agency_ids:
        return Event.objects.none()
    # A result's chain also holds events of agencies outside the scope (the host answering the managing agency);
    # the auditor of either party reads the whole case.
    result_cases = result_case_keys(
        Result.objects.filter(Q(task__host_id__in=agency_ids) | Q(task__managing_agency_id__in=agency_ids))
    )
    return Event.objects.filter(Q(agency_id__in=agency_ids) | Q(case_key__in=Subquery(result_cases)))


def result_case_keys(results):
    """The case keys of the results' chains, as a subquery (`Event.case_key__in=`): read by the case-key index."""
    return (
        results.order_by()
        .annotate(case=Concat(Value(RESULT_CASE_PREFIX), Cast("pk", CharField()), output_field=CharField()))
        .values("case")
    )
