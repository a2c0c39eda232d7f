"""The provincial consolidation of one year: the accepted agency reports summed, the registry's own figures for
the province, and each indicator against the year's target."""

from dataclasses import dataclass, field

from tasks_registry.models import Province
from tasks_registry.scoping import province_agency_ids, province_results

from .figures import registry_figures, with_shares
from .models import AnnualReport, Indicator, ReportStatus, Target

SHARES = ("share_transferred", "share_supported")


@dataclass
class Line:
    indicator: Indicator
    reported: object
    registry: object
    target: Target = None

    @property
    def met(self):
        if self.target is None:
            return None
        return self.target.is_met(self.reported)


@dataclass
class Consolidation:
    year: int
    province: str
    reports: list
    lines: list = field(default_factory=list)
    province_code: str = ""  # for links to the province's pages (the name above is what documents print)

    @property
    def late_reports(self):
        return [report for report in self.reports if report.late]


def sum_reports(reports):
    """Figures of accepted reports added up (shares recomputed from the sums, not averaged)."""
    totals = {}
    for report in reports:
        for code, value in report.all_figures().items():
            if code in SHARES or value is None:
                continue
            totals[code] = totals.get(code, 0) + value
    return with_shares(totals)


def consolidate(year, province):
    """The consolidation of `province` (with the former provinces it carries): only its agencies' accepted reports,
    only its results, its targets and those its predecessors adopted (Thái Nguyên reports on Bắc Kạn's)."""
    lineage = province.lineage_ids()
    reports = list(
        AnnualReport.objects.filter(year=year, status=ReportStatus.ACCEPTED, agency__province_id__in=lineage)
        .select_related("agency").order_by("agency__name")
    )
    totals = sum_reports(reports)
    registry = registry_figures(None, year, intermediaries=True, results=province_results(province),
                                agencies=province_agency_ids(province))
    # The province's own target wins over a predecessor's for the same indicator and year.
    names = [province.name] + [p.name for p in Province.objects.filter(pk__in=lineage - {province.pk}).order_by("name")]
    targets = {}
    for target in sorted(Target.objects.filter(year=year, province__in=names), key=lambda t: names.index(t.province)):
        targets.setdefault(target.indicator_id, target)
    result = Consolidation(year=year, province=province.name, reports=reports, province_code=province.code)
    for indicator in Indicator.objects.all():
        result.lines.append(Line(indicator, totals.get(indicator.code), registry.get(indicator.code),
                                 targets.get(indicator.pk)))
    return result


@dataclass
class National:
    """Every province's consolidation and the national total (each result and report counted once: a former
    province is counted within its successor, never beside it)."""

    year: int
    provinces: list  # Consolidation per province active today
    lines: list = field(default_factory=list)


def consolidate_nation(year):
    provinces = [consolidate(year, province) for province in Province.objects.active().order_by("name")]
    national = National(year=year, provinces=provinces)
    reported = sum_reports([report for c in provinces for report in c.reports])
    registry = {}
    for consolidation in provinces:
        for line in consolidation.lines:
            if line.indicator.code not in SHARES and line.registry is not None:
                registry[line.indicator.code] = registry.get(line.indicator.code, 0) + line.registry
    registry = with_shares({**registry, "results_with_address": registry.get("results_with_address", 0)})
    for indicator in Indicator.objects.all():
        national.lines.append(Line(indicator, reported.get(indicator.code), registry.get(indicator.code)))
    return national
