"""Provincial plans and their plan tasks in the Django admin; every change is audited."""

from django.contrib import admin
from django.db.models import Count

from audit.admin_mixins import AuditedAdmin

from .models import Plan, PlanTask


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
