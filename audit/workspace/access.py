"""Who may read the log, and which part of it: auditors read what their AuditorScope grants, never more."""

from django.db.models import Q, Subquery

from tasks_registry.models import Agency, Province, Result

from ..models import AuditorScope, Event
from ..recorder import case_key_prefix, case_keys

RESULT_CASE_PREFIX = case_key_prefix(Result)


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
    result_cases = case_keys(
        Result.objects.filter(Q(task__host_id__in=agency_ids) | Q(task__managing_agency_id__in=agency_ids))
    )
    return Event.objects.filter(Q(agency_id__in=agency_ids) | Q(case_key__in=Subquery(result_cases)))
