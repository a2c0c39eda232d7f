"""Annual reports in the user's scope, one report, the provincial consolidation with its downloads, the KPIs."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from tasks_registry import bounds
from tasks_registry.errors import ServiceError
from tasks_registry.models import Agency, Province
from tasks_registry.scoping import province_agency_ids, province_results

from . import exports, services
from .access import is_ministry, is_reviewer, may_use_reports, report_provinces, visible_reports
from .charts import bar_chart
from .consolidation import consolidate, consolidate_nation
from .figures import registry_figures
from .models import AnnualReport, Indicator, ReportingSettings, ReportStatus, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KPI_CODES = ("results_recognised", "results_transferred", "results_supported", "share_transferred",
             "share_supported", "intermediaries", "startups_supported")


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


class ReportListView(ReportsAccessMixin, generic.ListView):
    template_name = "reports/report_list.html"
    paginate_by = 50

    def get_queryset(self):
        reports = visible_reports(self.request.user).select_related("agency", "reviewer")
        if self.request.GET.get("year"):
            reports = reports.filter(year=_year(self.request))
        return reports.order_by("-year", "agency__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(reviewer=is_reviewer(self.request.user), this_year=timezone.localdate().year,
                       ministry=is_ministry(self.request.user))
        return context

    def post(self, request):
        """Sở KH&CN opens the year's reports (open_reports checks the role)."""
        agency = Agency.objects.filter(pk=request.POST.get("agency")).first()
        consolidators = [ReportingSettings.for_province(p).consolidator for p in report_provinces(request.user)]
        agency = agency or next((c for c in consolidators if c is not None), None)
        year = bounds.parse_year(request.POST.get("year"))
        if year is None:
            messages.error(request, bounds.year_error())
            return HttpResponseRedirect(reverse("reports:list"))
        try:
            opened = services.open_reports(year, actor=request.user, agency=agency)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã mở %(count)s báo cáo.") % {"count": len(opened)})
        return HttpResponseRedirect(reverse("reports:list"))


class ReportDetailView(ReportsAccessMixin, generic.DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return visible_reports(self.request.user).select_related("agency", "reviewer", "approved_by", "accepted_by")

    def get_context_data(self, **kwargs):
        from workflows.annual_report_flow import open_task_of

        context = super().get_context_data(**kwargs)
        report = self.object
        figures = report.all_figures()
        context["figure_rows"] = [
            {"indicator": indicator, "value": figures.get(indicator.code),
             "manual": indicator.code in report.manual_figures or not indicator.computed_from_registry}
            for indicator in Indicator.objects.all() if indicator.code in figures or not indicator.computed_from_registry
        ]
        context["task_rows"] = report.task_rows.select_related("plan_task")
        task = open_task_of(report)
        if task is not None:
            node, user = task.flow_task, self.request.user
            if node.can_execute(user, task):
                context["task_url"], context["task_action"] = node.reverse("execute", args=[task.process_id, task.pk]), "execute"
            elif node.can_assign(user, task):
                context["task_url"], context["task_action"] = node.reverse("assign", args=[task.process_id, task.pk]), "assign"
            context["open_task"] = task
        return context


class ConsolidatedView(ReportsAccessMixin, generic.TemplateView):
    reviewers_only = True
    template_name = "reports/consolidated.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_ministry(request.user):
            self.reviewers_only = False  # the ministry reads every province's consolidation
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, year, fmt=None):
        if fmt not in (None, "xlsx", "docx") or not bounds.year_in_range(year):
            raise Http404
        province = _province(request)
        consolidation = consolidate(year, province)
        if fmt == "xlsx":
            response = HttpResponse(exports.xlsx(consolidation), content_type=XLSX)
        elif fmt == "docx":
            settings = ReportingSettings.for_province(province)
            issuer = settings.consolidator.name if settings.consolidator else None
            response = HttpResponse(exports.docx(consolidation, issuer=issuer), content_type=DOCX)
        else:
            return self.render_to_response(self.get_context_data(consolidation=consolidation, year=year))
        response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-{year}.{fmt}"'
        return response


class KpiDashboardView(ReportsAccessMixin, generic.TemplateView):
    template_name = "reports/kpi.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        province = _province(self.request)
        consolidation = consolidate(year, province)
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=KPI_CODES)}
        targets = {}
        names = list(Province.objects.filter(pk__in=province.lineage_ids()).values_list("name", flat=True))
        for target in Target.objects.filter(province__in=names, indicator__code__in=KPI_CODES).select_related("indicator"):
            targets.setdefault(target.indicator.code, []).append(target)
        years = list(range(year - 4, year + 1))
        results, agencies = province_results(province), province_agency_ids(province)
        per_year = {y: registry_figures(None, y, intermediaries=True, results=results, agencies=agencies) for y in years}
        charts = []
        for code in KPI_CODES:
            if code not in indicators:
                continue
            target = next((t for t in sorted(targets.get(code, []), key=lambda t: t.year) if t.year >= year), None)
            charts.append({
                "indicator": indicators[code], "target": target,
                "svg": bar_chart(f"{indicators[code].name} ({indicators[code].unit})",
                                 [(str(y), per_year[y].get(code)) for y in years],
                                 target.value if target else None),
            })
        reports = (visible_reports(self.request.user).filter(year=year, agency__province_id__in=province.lineage_ids())
                   .select_related("agency").order_by("agency__name"))
        agency_rows = [
            {"report": report, "values": [report.all_figures().get(code) for code in KPI_CODES if code in indicators]}
            for report in reports
        ]
        context.update(year=year, consolidation=consolidation, charts=charts, agency_rows=agency_rows,
                       columns=[indicators[c] for c in KPI_CODES if c in indicators], province=province,
                       reviewer=is_reviewer(self.request.user) or is_ministry(self.request.user),
                       provinces=report_provinces(self.request.user))
        return context


class NationalView(LoginRequiredMixin, generic.TemplateView):
    """Bộ KH&CN: every province's consolidation of the year and the national total, each counted once."""

    template_name = "reports/national.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (request.user.is_superuser or is_ministry(request.user)):
            raise PermissionDenied(_("Chỉ cán bộ của Bộ Khoa học và Công nghệ xem báo cáo tổng hợp toàn quốc."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        national = consolidate_nation(kwargs["year"])
        context.update(year=kwargs["year"], national=national, rows=[
            {"indicator": line.indicator, "total": line.reported, "registry": line.registry,
             "provinces": [c.lines[index].reported for c in national.provinces]}
            for index, line in enumerate(national.lines)
        ])
        return context
