"""The province's figures for one year, which a Sở KH&CN can sign: registry indicators counted once over the
province's distinct results (never the sum of agencies' reports, which count a result for its host and for its
managing agency alike); each agency's report shown beside them; manual figures combined by their own rule (a sum for
counts, any/all for yes/no, the consolidating agency's own value for percentages: never a sum of percentages)."""

from dataclasses import dataclass, field

from tasks_registry.models import Province

from .figures import Scope, registry_figures, registry_indicators
from .models import AnnualReport, Combine, Indicator, IndicatorKind, ReportStatus, Target


@dataclass
class Line:
    indicator: Indicator
    value: object  # the province's figure
    by_agency: list  # [(report, value, corrected)] of the accepted reports, shown beside it
    target: Target = None

    @property
    def met(self):
        if self.target is None:
            return None
        return self.target.is_met(self.value)

    @property
    def reported(self):  # the older name, kept for templates and callers
        return self.value

    @property
    def registry(self):  # the registry's own figure (None for a manual indicator)
        return None if self.indicator.is_manual else self.value


@dataclass
class Consolidation:
    year: int
    province: str
    reports: list
    scope: object = None
    consolidator_id: int = None
    lines: list = field(default_factory=list)
    province_code: str = ""  # for links to the province's pages (the name above is what documents print)

    @property
    def late_reports(self):
        return [report for report in self.reports if report.late]

    def line(self, code):
        return next((line for line in self.lines if line.indicator.code == code), None)


def combine_manual(indicator, values, consolidator_value):
    """Combine the accepted reports' manual values of one indicator by its rule."""
    present = [value for value in values if value is not None]
    rule = indicator.combine
    if rule == Combine.CONSOLIDATOR:
        return consolidator_value
    if not present:
        return None
    if rule == Combine.ANY:
        return 1 if any(present) else 0
    if rule == Combine.ALL:
        return 1 if all(present) else 0
    if rule == Combine.SUM:
        if indicator.kind != IndicatorKind.MANUAL_NUMBER:  # defensive: percentages and flags never add up
            return None
        total = sum(present)
        return int(total) if float(total).is_integer() else round(total, 2)
    return None


def _target_names(province):
    """Names whose targets a province answers for: its own first, then those of the former provinces it carries
    (Thái Nguyên reports against the targets Bắc Kạn adopted)."""
    if province is None or province == "":
        return [""]
    if isinstance(province, str):
        return [province]
    former = Province.objects.filter(pk__in=province.lineage_ids() - {province.pk}).order_by("name")
    return [province.name] + [p.name for p in former]


def consolidate(scope, *, reports, province="", plan=None, consolidator=None):
    """The consolidation of `reports` (the accepted reports of the round) over `scope` (figures.Scope of the
    province's results); targets of `province` (a Province with its lineage, or a name) for the scope's year."""
    reports = list(reports)
    indicators = list(Indicator.objects.all().select_related("numerator", "denominator"))
    if plan is not None:
        indicators = [i for i in indicators if i.plan_id in (None, plan.pk)]
    registry = registry_figures(scope, indicators=registry_indicators(plan))
    names = _target_names(province)
    targets = {}
    # The year's own target, else the plan's next milestone ("đến năm 2030"), whose year is shown with it; the
    # province's own target before a former province's for the same indicator.
    candidates = Target.objects.filter(year__gte=scope.year, province__in=names)
    for target in sorted(candidates, key=lambda t: (-names.index(t.province), -t.year)):
        targets[target.indicator_id] = target
    result = Consolidation(
        year=scope.year,
        province=getattr(province, "name", province),
        reports=reports,
        scope=scope,
        consolidator_id=consolidator.pk if consolidator else None,
        province_code=getattr(province, "code", ""),
    )
    for indicator in indicators:
        by_agency = [
            (
                report,
                report.all_figures().get(indicator.code),
                indicator.code in report.manual_figures and indicator.code in report.figures,
            )
            for report in reports
        ]
        if indicator.is_manual:
            own = next((value for report, value, _c in by_agency if report.agency_id == result.consolidator_id), None)
            value = combine_manual(indicator, [value for _report, value, _c in by_agency], own)
        else:
            value = registry.get(indicator.code)
        result.lines.append(Line(indicator, value, by_agency, targets.get(indicator.pk)))
    return result


def accepted_reports(year, settings):
    """The accepted reports of the year's round of the province's consolidating agency (its own province's and its
    former provinces' agencies only)."""
    reports = AnnualReport.objects.filter(year=year, round__ad_hoc=False, status=ReportStatus.ACCEPTED)
    if settings.consolidator_id:
        reports = reports.filter(reviewer_id=settings.consolidator_id)
    if settings.province_id:
        reports = reports.filter(agency__province_id__in=settings.province.lineage_ids())
    return reports.select_related("agency").order_by("agency__name")


def consolidate_province(year, province=None, settings=None):
    """The consolidation of `province` (as it is today) for `year`: its plan, its results, its Sở's round."""
    from . import scope  # scope imports figures and models only; imported here to keep the module graph flat

    settings = settings or scope.settings_for(province=province)
    province = province.current() if province is not None else settings.province
    plan = scope.plan_for(year, settings, province)
    return consolidate(
        scope.province_scope(year, settings, plan, province),
        reports=accepted_reports(year, settings),
        province=province if province is not None else "",
        plan=plan,
        consolidator=settings.consolidator,
    )


@dataclass
class National:
    """Every province's consolidation and the national total (each result and report counted once: a former
    province is counted within its successor, never beside it)."""

    year: int
    provinces: list  # Consolidation per province active today
    lines: list = field(default_factory=list)


def consolidate_nation(year):
    """The ministry's view: each active province's consolidation, and the national total. Registry figures are
    counted once over the union of the provinces' distinct results (never a sum of provinces' shares); manual
    figures are combined across provinces by their rule (sums for counts, any/all for yes/no); a percentage kept
    by each Sở has no national value (never a sum of percentages)."""
    provinces = [consolidate_province(year, province) for province in Province.objects.active().order_by("name")]
    national = National(year=year, provinces=provinces)
    from django.db.models import Q

    from tasks_registry.models import Agency, Result

    in_scope = Q(pk__in=[])
    for consolidation in provinces:
        in_scope |= Q(pk__in=consolidation.scope.results.values("pk"))
    starts = [c.scope.start_year for c in provinces if c.scope.start_year]
    scope = Scope(
        results=Result.objects.filter(in_scope),
        year=year,
        start_year=min(starts) if starts else None,
        agencies=Agency.objects.filter(province__isnull=False),
    )
    indicators = list(Indicator.objects.all().select_related("numerator", "denominator"))
    registry = registry_figures(scope, indicators=[i for i in indicators if not i.is_manual])
    for indicator in indicators:
        if indicator.is_manual:
            per_province = [c.line(indicator.code) for c in provinces]
            values = [line.value for line in per_province if line is not None]
            value = None if indicator.combine == Combine.CONSOLIDATOR else combine_manual(indicator, values, None)
        else:
            value = registry.get(indicator.code)
        national.lines.append(Line(indicator, value, []))
    return national
