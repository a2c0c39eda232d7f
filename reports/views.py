"""Annual reports in the user's scope, one report, the provincial consolidation with its downloads and the list of
results behind every figure, the KPIs with the statistics' breakdowns and the stage times, and the yearly report on
the application of results (TT 14/2014 Mẫu 12) with its downloads."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from operations.replica import ReplicaReadsMixin
from tasks_registry import bounds
from tasks_registry.access import is_ministry
from tasks_registry.errors import ServiceError
from tasks_registry.models import Agency, Membership, Province
from tasks_registry.signers import signer_for

from . import application_report, exports, scope, services
from .access import OWN_ROLES, is_reviewer, may_use_reports, report_provinces, visible_reports
from .charts import bar_chart
from .consolidation import consolidate_nation, consolidate_province
from .figures import (
    AGENCIES,
    MEASURES,
    RESULTS,
    TRANSFERS,
    ip_titles_by_kind,
    registry_figures,
    registry_figures_by_year,
    registry_indicators,
    rows_of,
    transfers_by_form,
    transfers_by_receiver_kind,
)
from .forms import RoundForm
from .models import Indicator, IndicatorKind, ReportingSettings, Target
from .stage_times import stage_times

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KPI_CODES = (
    "results_recognised",
    "results_transferred",
    "results_supported",
    "share_transferred",
    "share_supported",
    "intermediaries",
    "startups_supported",
)
DRILL_DOWN_LIMIT = 500


def _check_year(year):
    """Report years the pages answer for; anything else is not found (never a date error)."""
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _province(request):
    """The province a consolidation or KPI page is about: the one asked for (?province=code) if the person may see
    it, else their own; 404 for any other, so one province's figures never show on another's page."""
    allowed = report_provinces(request.user)
    code = request.GET.get("province")
    province = allowed.filter(code=code).first() if code else allowed.first()
    if province is None:
        raise Http404
    return province


def _year(request, default=None):
    """The ?year= asked for; this year, with a message, when it is not a year we can mean (0, 10000, 10^20, text)."""
    asked = request.GET.get("year")
    if not asked:
        return default or timezone.localdate().year
    year = bounds.parse_year(asked)
    if year is None:
        messages.error(request, bounds.year_error())
        return default or timezone.localdate().year
    return year


class ReportsAccessMixin(LoginRequiredMixin):
    reviewers_only = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            allowed = is_reviewer(request.user) if self.reviewers_only else may_use_reports(request.user)
            if not allowed:
                raise PermissionDenied(_("Bạn không có vai trò lập, duyệt hoặc tổng hợp báo cáo hằng năm."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # The ministry compares provinces' figures but opens no case file: its figures are not drill-down links.
        user = self.request.user
        context["reads_figures_only"] = is_ministry(user) and not is_reviewer(user)
        return context


class ReportListView(ReportsAccessMixin, generic.ListView):
    template_name = "reports/report_list.html"
    paginate_by = 50

    def get_queryset(self):
        reports = visible_reports(self.request.user).select_related("agency", "reviewer", "round")
        if self.request.GET.get("year"):
            reports = reports.filter(year=_year(self.request))
        return reports.order_by("-year", "round__ad_hoc", "-round__opened_at", "agency__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings = scope.settings_for(self.request.user)
        this_year = timezone.localdate().year
        context.update(
            reviewer=is_reviewer(self.request.user),
            this_year=this_year,
            settings=settings,
            round_form=kwargs.get("round_form") or RoundForm(initial={"year": this_year}),
            consolidator_missing=not settings.consolidator_id,
            ministry=is_ministry(self.request.user),
        )
        return context

    def post(self, request):
        """Sở KH&CN opens a round (open_reports checks the role)."""
        if not is_reviewer(request.user):
            raise PermissionDenied(_("Bạn không có vai trò lập, duyệt hoặc tổng hợp báo cáo hằng năm."))
        if bounds.parse_year(request.POST.get("year")) is None:
            messages.error(request, bounds.year_error())
            return HttpResponseRedirect(reverse("reports:list"))
        form = RoundForm(request.POST)
        if not form.is_valid():
            self.object_list = self.get_queryset()
            return self.render_to_response(self.get_context_data(round_form=form), status=400)
        data = form.cleaned_data
        try:
            opened = services.open_reports(
                data["year"],
                actor=request.user,
                agency=scope.settings_for(request.user).consolidator,
                ad_hoc=data["ad_hoc"],
                subject=data["subject"],
                deadline=data["deadline"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã mở %(count)s báo cáo.") % {"count": len(opened)})
        return HttpResponseRedirect(reverse("reports:list"))


def figure_rows(report, indicators=None):
    figures = report.all_figures()
    indicators = indicators if indicators is not None else Indicator.objects.all()
    rows = []
    for indicator in indicators:
        if indicator.code not in figures and not indicator.is_manual:
            continue
        corrected = indicator.code in report.manual_figures and indicator.code in report.figures
        rows.append(
            {
                "indicator": indicator,
                "value": figures.get(indicator.code),
                "registry": report.figures.get(indicator.code),
                "corrected": corrected,
                "note": report.figure_notes.get(indicator.code, ""),
                "manual": indicator.is_manual,
                "drill": not indicator.is_manual,
            }
        )
    return rows


class ReportDetailView(ReportsAccessMixin, generic.DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return visible_reports(self.request.user).select_related(
            "agency", "reviewer", "approved_by", "accepted_by", "round"
        )

    def get_context_data(self, **kwargs):
        from .annual_report_flow import open_task_of

        context = super().get_context_data(**kwargs)
        report = self.object
        context["figure_rows"] = figure_rows(report)
        context["task_rows"] = report.task_rows.select_related("plan_task")
        task = open_task_of(report)
        if task is not None:
            node, user = task.flow_task, self.request.user
            if node.can_execute(user, task):
                context["task_url"], context["task_action"] = (
                    node.reverse("execute", args=[task.process_id, task.pk]),
                    "execute",
                )
            elif node.can_assign(user, task):
                context["task_url"], context["task_action"] = (
                    node.reverse("assign", args=[task.process_id, task.pk]),
                    "assign",
                )
            context["open_task"] = task
        return context


class ConsolidatedView(ReplicaReadsMixin, ReportsAccessMixin, generic.TemplateView):
    reviewers_only = True
    template_name = "reports/consolidated.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_ministry(request.user):
            self.reviewers_only = False  # the ministry reads every province's consolidation
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, year, fmt=None):
        if fmt not in (None, "xlsx", "docx") or not bounds.year_in_range(year):
            raise Http404
        _check_year(year)
        province = _province(request)
        consolidation = consolidate_province(year, province)
        breakdowns = breakdowns_of(consolidation.scope)
        if fmt in ("xlsx", "docx"):
            settings = ReportingSettings.for_province(province)
            annex = exports.Annex.of(consolidation, scope.plan_for(year, settings, province))
        if fmt == "xlsx":
            response = HttpResponse(exports.xlsx(consolidation, breakdowns, annex), content_type=XLSX)
        elif fmt == "docx":
            issuer = settings.consolidator
            signer = signer_for(issuer, request.user)
            response = HttpResponse(
                exports.docx(consolidation, issuer=issuer, signer=signer, annex=annex), content_type=DOCX
            )
        else:
            return self.render_to_response(
                self.get_context_data(consolidation=consolidation, year=year, breakdowns=breakdowns)
            )
        response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-{year}.{fmt}"'
        return response


class ApplicationReportView(ReplicaReadsMixin, ReportsAccessMixin, generic.TemplateView):
    """TT 14/2014 Mẫu 12 of a province for a year: the page, the Excel workbook and the Word document that the
    provincial People's Committee sends to the ministry. Who sees it is who sees the province's consolidation: the
    consolidating Sở KH&CN's officers and heads, for their own province, and the ministry, for every province."""

    reviewers_only = True
    template_name = "reports/application.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_ministry(request.user):
            self.reviewers_only = False  # the ministry receives the report
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, year, fmt=None):
        if fmt not in (None, "xlsx", "docx") or not bounds.year_in_range(year):
            raise Http404
        province = _province(request)
        settings = ReportingSettings.for_province(province)
        report = application_report.ApplicationReport.of(
            scope.province_scope(year, settings, province=province), province.name
        )
        if fmt == "xlsx":
            response = HttpResponse(application_report.xlsx(report), content_type=XLSX)
        elif fmt == "docx":
            issuer = application_report.issuer_of(settings, province)
            response = HttpResponse(
                application_report.docx(
                    report,
                    issuer=issuer,
                    signer=signer_for(issuer, request.user),
                    consolidator=settings.consolidator,
                ),
                content_type=DOCX,
            )
        else:
            return self.render_to_response(self.get_context_data(report=report, year=year, province=province))
        response["Content-Disposition"] = f'attachment; filename="bao-cao-ung-dung-ket-qua-{year}.{fmt}"'
        return response


def breakdowns_of(province):
    return {
        "by_form": transfers_by_form(province),
        "by_receiver": transfers_by_receiver_kind(province),
        "ip_by_kind": ip_titles_by_kind(province),
    }


class FigureRowsView(ReplicaReadsMixin, ReportsAccessMixin, generic.TemplateView):
    """The rows behind one registry figure of the province, or of one agency (?agency=): the drill-down.
    Reviewers of the consolidating agency see any agency's; an agency's own reporter and head see their agency's."""

    template_name = "reports/figure_rows.html"

    def get_context_data(self, year, code, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = Indicator.objects.filter(code=code).select_related("numerator", "denominator").first()
        if indicator is None or indicator.is_manual:
            raise Http404
        province = scope.province_scope(year, province=_province(self.request))
        agency = None
        if self.request.GET.get("agency"):
            try:
                agency = Agency.objects.get(pk=int(self.request.GET["agency"]))
            except (ValueError, Agency.DoesNotExist):
                raise Http404 from None
            own = Membership.objects.active().filter(user=self.request.user, agency=agency, role__in=OWN_ROLES)
            if not (is_reviewer(self.request.user) or own.exists()):
                raise PermissionDenied(_("Bạn chỉ xem được số liệu của cơ quan mình."))
            if not province.agencies.filter(pk=agency.pk).exists():
                raise Http404  # another province's agency: not an empty list that looks like a figure of zero
            province = province.for_agency(agency)
        elif not is_reviewer(self.request.user):
            raise PermissionDenied(_("Bạn không có vai trò lập, duyệt hoặc tổng hợp báo cáo hằng năm."))
        terms = [indicator.numerator, indicator.denominator] if indicator.kind == IndicatorKind.RATIO else [indicator]
        groups = []
        for term in terms:
            rows = rows_of(term, province)
            kind = MEASURES[term.measure].rows
            ordered = _ordered(rows, kind)
            groups.append(
                {
                    "indicator": term,
                    "kind": kind,
                    "count": rows.count(),
                    "rows": list(ordered[:DRILL_DOWN_LIMIT]),
                    "definition": MEASURES[term.measure].definition,
                }
            )
        value = registry_figures(province, indicators=[indicator, *[t for t in terms if t is not indicator]])[code]
        context.update(
            indicator=indicator,
            year=year,
            agency=agency,
            groups=groups,
            value=value,
            limit=DRILL_DOWN_LIMIT,
            RESULTS=RESULTS,
            TRANSFERS=TRANSFERS,
            AGENCIES=AGENCIES,
        )
        return context

    def get(self, request, year, code):
        _check_year(year)
        return self.render_to_response(self.get_context_data(year, code))


def _ordered(rows, kind):
    if kind == RESULTS:
        return rows.select_related("task__host", "task__managing_agency").order_by("acceptance_date", "pk")
    if kind == TRANSFERS:
        return rows.select_related("result", "receiving_unit").order_by("answered_on", "pk")
    if kind == AGENCIES:
        return rows.order_by("name")
    return rows.select_related("result").order_by("granted_on", "pk")


class KpiDashboardView(ReplicaReadsMixin, ReportsAccessMixin, generic.TemplateView):
    template_name = "reports/kpi.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        if not 2000 <= year <= 2100:
            raise Http404
        province = _province(self.request)
        settings = scope.settings_for(province=province)
        plan = scope.plan_for(year, settings, province)
        consolidation = consolidate_province(year, province, settings)
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=KPI_CODES)}
        targets = {}
        names = list(Province.objects.filter(pk__in=province.lineage_ids()).values_list("name", flat=True))
        for target in Target.objects.filter(province__in=names, indicator__code__in=KPI_CODES).select_related(
            "indicator"
        ):
            targets.setdefault(target.indicator.code, []).append(target)
        years = list(range(year - 4, year + 1))
        chosen = [i for i in registry_indicators(plan) if i.code in KPI_CODES]
        # The year asked for is the consolidation's, counted above; the four years before it over the same scope
        # (the province's results do not depend on the year).
        per_year = registry_figures_by_year(consolidation.scope, years[:-1], indicators=chosen)
        counted = {line.indicator.code: line.value for line in consolidation.lines}
        per_year[year] = {i.code: counted[i.code] for i in chosen if i.code in counted}
        charts = []
        for code in KPI_CODES:
            if code not in indicators or indicators[code].is_manual:
                continue
            target = next((t for t in sorted(targets.get(code, []), key=lambda t: t.year) if t.year >= year), None)
            charts.append(
                {
                    "indicator": indicators[code],
                    "target": target,
                    "svg": bar_chart(
                        f"{indicators[code].name} ({indicators[code].unit})",
                        [(str(y), per_year[y].get(code)) for y in years],
                        target.value if target else None,
                    ),
                }
            )
        reports = (
            visible_reports(self.request.user)
            .filter(year=year, round__ad_hoc=False, agency__province_id__in=province.lineage_ids())
            .select_related("agency")
            .order_by("agency__name")
        )
        columns = [indicators[c] for c in KPI_CODES if c in indicators]
        agency_rows = [
            {"report": report, "values": [(column, report.all_figures().get(column.code)) for column in columns]}
            for report in reports
        ]
        reviewer = is_reviewer(self.request.user)
        context.update(
            year=year,
            consolidation=consolidation,
            charts=charts,
            agency_rows=agency_rows,
            columns=columns,
            province=province,
            reviewer=reviewer or is_ministry(self.request.user),
            provinces=report_provinces(self.request.user),
            breakdowns=breakdowns_of(consolidation.scope) if reviewer else None,
            stages=stage_times(year, consolidation.scope.results) if reviewer else None,
        )
        return context


class NationalView(ReplicaReadsMixin, LoginRequiredMixin, generic.TemplateView):
    """Bộ KH&CN: every province's consolidation of the year and the national total, each counted once."""

    template_name = "reports/national.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.is_superuser or is_ministry(request.user)):
            raise PermissionDenied(_("Chỉ cán bộ của Bộ Khoa học và Công nghệ xem báo cáo tổng hợp toàn quốc."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        national = consolidate_nation(_check_year(kwargs["year"]))
        rows = []
        for line in national.lines:
            cells = [c.line(line.indicator.code) for c in national.provinces]
            rows.append(
                {
                    "indicator": line.indicator,
                    "total": line.value,
                    "provinces": [cell.value if cell is not None else None for cell in cells],
                }
            )
        context.update(year=kwargs["year"], national=national, rows=rows)
        return context
