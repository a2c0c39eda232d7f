"""The one place that says what a provincial consolidation is counted over: the reporting settings, the plan in
force, the results and agencies in scope. One province per installation today (ReportingSettings.current()); the
province model replaces these functions' bodies, and every figure already takes the scope as an argument."""

from django.db.models import Q

from tasks_registry.models import Agency, Result

from .figures import Scope
from .models import Plan, ReportingSettings


def settings_for(user=None):
    return ReportingSettings.current()


def plan_for(year, settings=None):
    """The plan in force in `year` (the consolidating agency's province's, once plans carry a province)."""
    plans = Plan.objects.filter(start_year__lte=year, end_year__gte=year)
    if settings is not None and settings.consolidator_id and settings.consolidator.parent_id:
        issued_here = plans.filter(issuer_id=settings.consolidator.parent_id)
        if issued_here.exists():
            plans = issued_here
    return plans.order_by("-start_year", "pk").first()


def agencies_under(issuer):
    """Agencies of the issuer's province: the issuer and the agencies up to three levels below it."""
    if issuer is None:
        return Agency.objects.all()
    below = Q(parent=issuer) | Q(parent__parent=issuer) | Q(parent__parent__parent=issuer)
    return Agency.objects.filter(below | Q(pk=issuer.pk))


def province_scope(year, settings=None, plan=None):
    """figures.Scope of the province for `year`: every result in the registry (one province per installation)."""
    settings = settings or settings_for()
    plan = plan if plan is not None else plan_for(year, settings)
    return Scope(
        results=Result.objects.all(), year=year, start_year=plan.start_year if plan else None,
        agencies=Agency.objects.all(),
    )
