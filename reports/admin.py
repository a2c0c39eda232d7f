"""Provincial plans and their plan tasks in the Django admin; every change is audited."""

from django.contrib import admin
from django.db.models import Count

from audit.admin_mixins import AuditedAdmin

from .models import AnnualReport, Indicator, Plan, PlanTask, PlanTaskProgress, ReportingSettings, Target


class PlanTaskInline(admin.StackedInline):
    model = PlanTask
    extra = 0
    fields = (("number", "section", "timeline"), "text", "lead_agency", "coordinating_agencies", "coordinating_note")
    autocomplete_fields = ("lead_agency", "coordinating_agencies")


@admin.register(Plan)
class PlanAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "title", "issuer", "issued_on", "start_year", "end_year", "task_count")
    list_filter = ("start_year", ("issuer", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("issuer",)
    search_fields = ("code", "title", "source")
    autocomplete_fields = ("issuer",)
    inlines = (PlanTaskInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_task_count=Count("tasks"))

    @admin.display(description=PlanTask._meta.verbose_name_plural, ordering="_task_count")
    def task_count(self, obj):
        return obj._task_count


@admin.register(PlanTask)
class PlanTaskAdmin(AuditedAdmin, admin.ModelAdmin):
    audit_case_field = "plan"
    list_display = ("number", "short_text", "plan", "section", "lead_agency", "timeline")
    list_filter = (
        "section", ("plan", admin.RelatedOnlyFieldListFilter), ("lead_agency", admin.RelatedOnlyFieldListFilter),
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
    fields = ("province", "year", "comparison", "value", "source")


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "name", "unit", "computed_from_registry", "order")
    list_filter = ("computed_from_registry",)
    search_fields = ("code", "name")
    inlines = (TargetInline,)


@admin.register(Target)
class TargetAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("indicator", "province", "year", "comparison", "value", "source")
    list_filter = ("province", "year")
    list_select_related = ("indicator",)
    search_fields = ("indicator__name", "source")


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("province", "consolidator", "deadline_day", "deadline_month", "source")
    list_select_related = ("consolidator",)
    autocomplete_fields = ("consolidator",)


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
