"""The province's figures for one year, which a Sở KH&CN can sign: registry indicators counted once over the
province's distinct results (never the sum of agencies' reports, which count a result for its host and for its
managing agency alike); each agency's report shown beside them; manual figures combined by their own rule (a sum for
counts, any/all for yes/no, the consolidating agency's own value for percentages: never a sum of percentages)."""

from dataclasses import dataclass, field

from .figures import registry_figures, registry_indicators
from .models import Combine, Indicator, IndicatorKind, Target


@dataclass
class Line:
    indicator: Indicator
    value: object                      # the province's figure
    by_agency: list                    # [(report, value, corrected)] of the accepted reports, shown beside it
    target: Target = None

    @property
    def met(self):
        if self.target is None:
            return None
        return self.target.is_met(self.value)

    @property
    def reported(self):                # the older name, kept for templates and callers
        return self.value


@dataclass
class Consolidation:
    year: int
    province: str
    reports: list
    scope: object = None
    consolidator_id: int = None
    lines: list = field(default_factory=list)

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
        if indicator.kind != IndicatorKind.MANUAL_NUMBER:   # defensive: percentages and flags never add up
            return None
        total = sum(present)
        return int(total) if float(total).is_integer() else round(total, 2)
    return None


def consolidate(scope, *, reports, province="", plan=None, consolidator=None):
    """The consolidation of `reports` (the accepted reports of the round) over `scope` (figures.Scope of the
    province's results); targets of `province` for the scope's year."""
    reports = list(reports)
    indicators = list(Indicator.objects.all().select_related("numerator", "denominator"))
    if plan is not None:
        indicators = [i for i in indicators if i.plan_id in (None, plan.pk)]
    registry = registry_figures(scope, indicators=registry_indicators(plan))
    targets = {}
    # The year's own target, else the plan's next milestone ("đến năm 2030"), whose year is shown with it.
    for target in Target.objects.filter(year__gte=scope.year, province=province).order_by("-year"):
        targets[target.indicator_id] = target
    result = Consolidation(year=scope.year, province=province, reports=reports, scope=scope,
                           consolidator_id=consolidator.pk if consolidator else None)
    for indicator in indicators:
        by_agency = [(report, report.all_figures().get(indicator.code),
                      indicator.code in report.manual_figures and indicator.code in report.figures)
                     for report in reports]
        if indicator.is_manual:
            own = next((value for report, value, _c in by_agency if report.agency_id == result.consolidator_id), None)
            value = combine_manual(indicator, [value for _report, value, _c in by_agency], own)
        else:
            value = registry.get(indicator.code)
        result.lines.append(Line(indicator, value, by_agency, targets.get(indicator.pk)))
    return result
