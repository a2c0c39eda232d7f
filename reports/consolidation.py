"""The provincial consolidation of one year: the accepted agency reports summed, the registry's own figures for
the province, and each indicator against the year's target."""

from dataclasses import dataclass, field

from .figures import registry_figures, with_shares
from .models import AnnualReport, Indicator, ReportingSettings, ReportStatus, Target

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


def consolidate(year):
    settings = ReportingSettings.current()
    reports = list(
        AnnualReport.objects.filter(year=year, status=ReportStatus.ACCEPTED).select_related("agency").order_by("agency__name")
    )
    totals = sum_reports(reports)
    registry = registry_figures(None, year, intermediaries=True)
    targets = {t.indicator_id: t for t in Target.objects.filter(year=year, province=settings.province)}
    result = Consolidation(year=year, province=settings.province, reports=reports)
    for indicator in Indicator.objects.all():
        result.lines.append(Line(indicator, totals.get(indicator.code), registry.get(indicator.code),
                                 targets.get(indicator.pk)))
    return result
