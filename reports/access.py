"""Who sees which annual reports: an agency's reporter and head see its own; officers and heads of the
consolidating Sở KH&CN see every report they receive; nobody else sees any."""

from django.db.models import Q

from tasks_registry.access import is_ministry, memberships_today
from tasks_registry.memo import remembered
from tasks_registry.models import Province
from tasks_registry.roles import WORKING_ROLES, Role
from tasks_registry.selectors import provinces_of

from .models import AnnualReport, ReportingSettings, ReportStatus

OWN_ROLES = (Role.REPORTER, Role.HEAD)
REVIEW_ROLES = WORKING_ROLES


def _scope(user):
    """(agencies whose own reports the user sees, agencies whose received reports the user sees), once per request."""
    return remembered(("report_scope", user.pk), lambda: _read_scope(user))


def _read_scope(user):
    rows = [(membership.agency_id, membership.role) for membership in memberships_today(user)]
    own = {agency for agency, role in rows if role in OWN_ROLES}
    reviewing = {agency for agency, role in rows if role in REVIEW_ROLES}
    if not reviewing:
        return own, reviewing
    consolidators = set(ReportingSettings.objects.exclude(consolidator=None).values_list("consolidator_id", flat=True))
    reviewing &= consolidators | set(
        AnnualReport.objects.filter(reviewer_id__in=reviewing)
        .order_by()
        .values_list("reviewer_id", flat=True)
        .distinct()
    )
    return own, reviewing


def may_use_reports(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    own, reviewing = _scope(user)
    return bool(own or reviewing) or is_ministry(user)


def is_reviewer(user):
    if user.is_superuser:
        return True
    return bool(user.is_authenticated and _scope(user)[1])


def visible_reports(user):
    reports = AnnualReport.objects.all()
    if not user.is_authenticated or not user.is_active:
        return reports.none()
    if user.is_superuser:
        return reports
    own, reviewing = _scope(user)
    # The ministry reads every province's accepted reports (what the consolidations are made of), nothing else.
    ministry = Q(status=ReportStatus.ACCEPTED) if is_ministry(user) else Q(pk__in=[])
    return reports.filter(Q(agency_id__in=own) | Q(reviewer_id__in=reviewing) | ministry)


# --- provinces and the ministry (issue 8) ------------------------------------------------------------------------


def report_provinces(user):
    """Provinces whose consolidation and KPIs the person may open: every province for the ministry and
    superusers, otherwise the provinces of the person's own agencies (as they are today)."""
    if user.is_superuser or is_ministry(user):
        return Province.objects.active().order_by("name")
    return provinces_of(user).order_by("name")
