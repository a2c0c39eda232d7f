"""The one place that says what a provincial consolidation is counted over: the reporting settings, the plan in
force, the results and agencies in scope, for one province (with the former provinces it carries: a merged
province's agencies, plans, targets and results count within its successor, never beside it)."""

from django.db.models import Q

from tasks_registry.models import Agency, Membership, Result
from tasks_registry.selectors import province_agency_ids, province_results_q

from .figures import Scope
from .models import Plan, ReportingSettings


def _today(province):
    return province.current() if province is not None else None


def settings_for(user=None, *, province=None, agency=None):
    """The reporting settings of `province`, of `agency`'s province, or of the province the person works for (the
    one whose consolidating Sở they serve first, else their own agencies' province); unsaved defaults otherwise."""
    if province is not None:
        return ReportingSettings.for_province(province)
    if agency is not None:
        return ReportingSettings.for_agency(agency)
    if user is not None and getattr(user, "is_authenticated", False):
        mine = Membership.objects.active().filter(user=user).values("agency_id")
        own = (
            ReportingSettings.objects.select_related("consolidator", "province")
            .filter(consolidator_id__in=mine)
            .order_by("province__name")
            .first()
        )
        if own is not None:
            return own
        from .access import report_provinces  # access imports the models only; imported here to keep scope light

        first = report_provinces(user).first()
        if first is not None:
            return ReportingSettings.for_province(first)
    return ReportingSettings.for_province(None)


def plan_for(year, settings=None, province=None):
    """The plan in force in `year` of the province (its own before a former province's it carries: Thái Nguyên
    reports on Bắc Kạn's plan while it has none of its own)."""
    province = _today(province or (settings.province if settings is not None else None))
    plans = Plan.objects.filter(start_year__lte=year, end_year__gte=year)
    if province is not None:
        plans = plans.filter(province_id__in=province.lineage_ids())
        own = plans.filter(province=province)
        if own.exists():
            plans = own
    elif settings is not None and settings.consolidator_id and settings.consolidator.parent_id:
        issued_here = plans.filter(issuer_id=settings.consolidator.parent_id)
        if issued_here.exists():
            plans = issued_here
    return plans.order_by("-start_year", "pk").first()


def agencies_under(issuer, province=None):
    """Agencies of the plan's province (and the former provinces it carries); without provinces, the issuer and the
    agencies up to three levels below it."""
    province = _today(province or (issuer.province if issuer is not None else None))
    if province is not None:
        return Agency.objects.filter(pk__in=province_agency_ids(province))
    if issuer is None:
        return Agency.objects.all()
    below = Q(parent=issuer) | Q(parent__parent=issuer) | Q(parent__parent__parent=issuer)
    return Agency.objects.filter(below | Q(pk=issuer.pk))


def province_scope(year, settings=None, plan=None, province=None):
    """figures.Scope of the province for `year`: its results and agencies (tasks_registry.selectors), never another
    province's."""
    province = province or (settings.province if settings is not None else None)
    if province is None and plan is not None and plan.province_id:
        province = plan.province
    province = _today(province)
    if plan is None:
        plan = plan_for(year, settings, province)
    if province is None:
        results, agencies, results_q = Result.objects.all(), Agency.objects.all(), Q()
    else:
        results_q = province_results_q(province)
        results, agencies = (
            Result.objects.filter(results_q),
            Agency.objects.filter(pk__in=province_agency_ids(province)),
        )
    return Scope(
        results=results,
        year=year,
        start_year=plan.start_year if plan else None,
        agencies=agencies,
        results_q=results_q,
    )
