"""Provincial plans and their plan tasks in the Django admin; every change is audited."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from audit.admin_mixins import AuditedAdmin
from tasks_registry.models import AgencyKind

from .figures import measure_choices
from .models import (
    AnnualReport,
    Indicator,
    Plan,
    PlanSection,
    PlanTask,
    PlanTaskProgress,
    ReportingSettings,
    ReportRound,
    Target,
)


class PlanForm(forms.ModelForm):
    """The plan's reporting clause as checkboxes of agency kinds (stored as a list on the plan)."""

    reporting_kinds = forms.MultipleChoiceField(
        label=Plan._meta.get_field("reporting_kinds").verbose_name,
        choices=AgencyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Plan._meta.get_field("reporting_kinds").help_text,
    )

    class Meta:
        model = Plan
        fields = "__all__"  # noqa: DJ007 (the admin form of every field; the ModelAdmin orders them)


class PlanSectionInline(admin.TabularInline):
    model = PlanSection
    extra = 0


class PlanTaskInline(admin.StackedInline):
    model = PlanTask
    extra = 0
    fields = (
        ("number", "section", "timeline"),
        ("year_from", "year_to"),
        "text",
        "lead_agency",
        "coordinating_agencies",
        "coordinating_note",
    )
    autocomplete_fields = ("lead_agency", "coordinating_agencies")


@admin.register(Plan)
class PlanAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "title", "issuer", "issued_on", "start_year", "end_year", "task_count")
    list_filter = ("start_year", ("issuer", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("issuer",)
    search_fields = ("code", "title", "source")
    autocomplete_fields = ("issuer",)
    form = PlanForm
    inlines = (PlanSectionInline, PlanTaskInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_task_count=Count("tasks"))

    @admin.display(description=PlanTask._meta.verbose_name_plural, ordering="_task_count")
    def task_count(self, obj):
        return obj._task_count


@admin.register(PlanTask)
class PlanTaskAdmin(AuditedAdmin, admin.ModelAdmin):
    audit_case_field = "plan"
    list_display = ("number", "short_text", "plan", "section", "lead_agency", "timeline", "year_from", "year_to")
    list_filter = (
        "section",
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("lead_agency", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("plan", "lead_agency")
    search_fields = ("text", "timeline", "coordinating_note", "lead_agency__name", "plan__code")
    autocomplete_fields = ("plan", "lead_agency", "coordinating_agencies")
    ordering = ("plan", "number")

    @admin.display(description=PlanTask._meta.get_field("text").verbose_name)
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else f"{obj.text[:99]}…"


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("province", "year", "comparison", "value", "upper_value", "source")


class IndicatorForm(forms.ModelForm):
    measure = forms.ChoiceField(
        label=Indicator._meta.get_field("measure").verbose_name,
        required=False,
        choices=[("", "—"), *measure_choices()],
        help_text=Indicator._meta.get_field("measure").help_text,
    )

    class Meta:
        model = Indicator
        fields = "__all__"  # noqa: DJ007 (the admin form of every field; the ModelAdmin orders them)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in ("count", "money") and not data.get("measure"):
            self.add_error("measure", _("Chỉ tiêu đếm hoặc giá trị cần chọn nhóm dữ liệu đếm."))
        if kind == "ratio" and not (data.get("numerator") and data.get("denominator")):
            self.add_error("numerator", _("Chỉ tiêu tỷ lệ cần tử số và mẫu số."))
        return data


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin, admin.ModelAdmin):
    form = IndicatorForm
    list_display = ("code", "name", "unit", "kind", "combine", "plan", "order")
    list_filter = ("kind", "combine")
    search_fields = ("code", "name")
    autocomplete_fields = ("numerator", "denominator")
    inlines = (TargetInline,)


@admin.register(Target)
class TargetAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("indicator", "province", "year", "comparison", "value", "upper_value", "source")
    list_filter = ("province", "year")
    list_select_related = ("indicator",)
    search_fields = ("indicator__name", "source")


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("province", "consolidator", "deadline_day", "deadline_month", "source")
    list_select_related = ("consolidator",)
    autocomplete_fields = ("consolidator",)


@admin.register(ReportRound)
class ReportRoundAdmin(admin.ModelAdmin):
    """Read only: rounds are opened by Sở KH&CN on the reports page (reports.services.open_reports)."""

    list_display = ("subject", "year", "ad_hoc", "deadline", "reviewer", "opened_at")
    list_filter = ("year", "ad_hoc")
    list_select_related = ("reviewer",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanTaskProgressInline(admin.TabularInline):
    model = PlanTaskProgress
    extra = 0
    can_delete = False
    readonly_fields = ("plan_task", "progress")


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    """Read only: reports change through reports.services (the flow's task pages), which audit every step."""

    list_display = ("agency", "year", "status", "deadline", "submitted_at", "late", "reviewer")
    list_filter = ("year", "status", "late")
    list_select_related = ("agency", "reviewer")
    search_fields = ("agency__name",)
    inlines = (PlanTaskProgressInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
