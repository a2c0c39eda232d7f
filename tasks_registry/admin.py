"""Django admin of the registry: configuration records are edited here (and audited); results only shown.

Results change state only through `tasks_registry.services`: here their status, regime and every lifecycle field
are read-only, they cannot be added or deleted, and the records that steps create (transfers, support, documents,
revenue) appear read-only. Every change made in the admin appends an audit event (`audit.admin_mixins`).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.admin_mixins import AuditedAdmin, ViewOnlyAdmin

from . import mergers, services, signals
from .errors import ServiceError
from .models import (
    Agency,
    AgencyName,
    ApplicationAddress,
    CommercialisationSupport,
    Document,
    IPTitle,
    LegalRegime,
    Membership,
    Province,
    ProvinceName,
    Result,
    RevenueRecord,
    STTask,
    Transfer,
)
from .templatetags.registry_tags import format_vnd, status_badge

admin.site.site_header = _("Quản trị hệ thống theo dõi kết quả nhiệm vụ KH&CN")
admin.site.site_title = _("Quản trị kết quả nhiệm vụ KH&CN")
admin.site.index_title = _("Danh mục và cấu hình")


def money(field_name, description):
    """A column showing a Decimal amount in đồng: in list_display, or as a read-only field (then a method)."""

    def column(*args):
        return format_vnd(getattr(args[-1], field_name))

    column.short_description = description
    column.admin_order_field = field_name
    return column


# --- agencies and people --------------------------------------------------------------------------------------------


class ActiveOnFilter(admin.SimpleListFilter):
    title = _("tình trạng hoạt động")
    parameter_name = "active"
    start_field, end_field = "active_from", "active_to"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang hoạt động")), ("no", _("Đã ngừng"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        current = Q(**{f"{self.start_field}__lte": today}) & (
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gte": today})
        )
        if self.value() == "yes":
            return queryset.filter(current)
        if self.value() == "no":
            return queryset.exclude(current)
        return queryset


class MembershipActiveFilter(ActiveOnFilter):
    title = _("hiệu lực")
    start_field, end_field = "valid_from", "valid_to"

    def lookups(self, request, model_admin):
        return [("yes", _("Còn hiệu lực")), ("no", _("Hết hiệu lực"))]


class AgencyNameInline(admin.TabularInline):
    model = AgencyName
    extra = 0
    fields = ("name", "valid_from", "valid_to", "basis")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "valid_from", "valid_to")
    autocomplete_fields = ("user",)


class MergeForm(forms.Form):
    """What a merger needs beyond the selected rows: the successor, the first day under it and the legal basis."""

    effective_on = forms.DateField(label=_("Ngày có hiệu lực"))
    basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=255)

    def __init__(self, *args, successor_queryset, successor_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"] = forms.ModelChoiceField(queryset=successor_queryset, label=successor_label)
        self.order_fields(["successor", "effective_on", "basis"])


def _action_with_form(modeladmin, request, queryset, form, perform, *, done, page):
    """An admin action with an intermediate form: shown until it is valid and `perform(cleaned_data)` (the service)
    succeeds; a refusal of the service is shown on the form. `page`: the title, intro and button of the form."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            modeladmin.message_user(request, done, messages.SUCCESS)
            return None
    return TemplateResponse(
        request,
        "admin/tasks_registry/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            **page,
            "form": form,
            "objects": queryset,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        },
    )


def _submitted(request):
    return request.POST if "apply" in request.POST else None


def _merge_action(modeladmin, request, queryset, *, successor_queryset, successor_label, title, perform):
    """`perform(successor, effective_on, basis)` calls the merger's service."""
    form = MergeForm(_submitted(request), successor_queryset=successor_queryset, successor_label=successor_label)
    return _action_with_form(
        modeladmin,
        request,
        queryset,
        form,
        lambda data: perform(data["successor"], data["effective_on"], data["basis"]),
        done=_("Đã sáp nhập."),
        page={"title": title, "intro": _("Các bản ghi sẽ được sáp nhập:"), "button": _("Sáp nhập")},
    )


class RenameForm(forms.Form):
    """A new name from a date, with its legal basis: the old name stays on what was written under it."""

    new_name = forms.CharField(label=_("Tên mới"), max_length=255)
    effective_on = forms.DateField(label=_("Ngày có hiệu lực"))
    basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=255)


def _rename_action(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Chọn đúng một cơ quan để đổi tên."), messages.ERROR)
        return None
    agency = queryset.get()
    return _action_with_form(
        modeladmin,
        request,
        queryset,
        RenameForm(_submitted(request)),
        lambda data: services.rename_agency(
            agency,
            actor=request.user,
            new_name=data["new_name"],
            effective_on=data["effective_on"],
            basis=data["basis"],
        ),
        done=_("Đã đổi tên."),
        page={"title": _("Đổi tên cơ quan"), "intro": _("Cơ quan đổi tên:"), "button": _("Đổi tên")},
    )


class RetireForm(forms.Form):
    """The last day an agency works, with the legal basis (a dissolution, a closure): no agency carries on after it."""

    last_day = forms.DateField(label=_("Ngày cuối cùng hoạt động"))
    basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=255)


def _retire_action(modeladmin, request, queryset):
    def perform(data):
        with transaction.atomic():  # all the selected agencies, or none when one of them is refused
            for agency in queryset:
                services.retire_agency(agency, actor=request.user, last_day=data["last_day"], basis=data["basis"])

    return _action_with_form(
        modeladmin,
        request,
        queryset,
        RetireForm(_submitted(request)),
        perform,
        done=_("Đã ghi nhận ngừng hoạt động."),
        page={
            "title": _("Cơ quan ngừng hoạt động, không có cơ quan kế thừa"),
            "intro": _("Các cơ quan sẽ ngừng hoạt động:"),
            "button": _("Ghi nhận ngừng hoạt động"),
        },
    )


class ProvinceNameInline(admin.TabularInline):
    model = ProvinceName
    extra = 0
    fields = ("name", "valid_from", "valid_to", "basis")


@admin.register(Province)
class ProvinceAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "code", "active_from", "active_to", "successor", "legal_basis")
    list_filter = (ActiveOnFilter,)
    list_select_related = ("successor",)
    search_fields = ("name", "code", "names__name")
    readonly_fields = ("active_to", "successor")
    inlines = (ProvinceNameInline,)
    actions = ("merge_into",)

    @admin.action(description=_("Sáp nhập các tỉnh đã chọn vào một tỉnh"))
    def merge_into(self, request, queryset):
        return _merge_action(
            self,
            request,
            queryset,
            successor_queryset=Province.objects.filter(active_to__isnull=True),
            successor_label=_("Tỉnh kế thừa"),
            title=_("Sáp nhập tỉnh"),
            perform=lambda into, on, basis: mergers.merge_provinces(
                list(queryset), into=into, actor=request.user, effective_on=on, basis=basis
            ),
        )


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "code", "short_name", "kind", "province", "parent", "active_from", "active_to", "successor")
    list_filter = ("kind", "host_kind", "province", ActiveOnFilter)
    list_select_related = ("parent", "successor", "province")
    search_fields = ("name", "code", "short_name", "names__name")
    autocomplete_fields = ("parent", "successor")
    inlines = (AgencyNameInline, MembershipInline)
    actions = ("rename", "merge_into", "retire")
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "province", "parent", "address")}),
        # Decree 70/2018 (which ownership outcomes a host may receive) and TT 14/2014 (who registers national results).
        (_("Vai trò theo quy định"), {"fields": ("host_kind", "registers_central_results")}),
        (_("Hoạt động, sáp nhập"), {"fields": ("active_from", "active_to", "successor", "legal_basis")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "registers_central_results" in form.changed_data and obj.registers_central_results:
            # Registrations of national and ministerial tasks waiting elsewhere move to it (workflows.handover).
            signals.central_registrar_marked.send(sender=Agency, agency=obj, actor=request.user)

    def get_readonly_fields(self, request, obj=None):
        # A rename keeps the old name for the history written under it, and a merger moves the open work: both
        # go through their services (the actions above the list), never through a field typed over.
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "name", "active_to", "successor") if obj is not None else fields

    @admin.action(description=_("Đổi tên cơ quan đã chọn từ một ngày (tên cũ giữ cho hồ sơ trước đó)"))
    def rename(self, request, queryset):
        return _rename_action(self, request, queryset)

    @admin.action(description=_("Ghi nhận các cơ quan đã chọn ngừng hoạt động, không có cơ quan kế thừa"))
    def retire(self, request, queryset):
        return _retire_action(self, request, queryset)

    @admin.action(description=_("Sáp nhập các cơ quan đã chọn vào một cơ quan (việc đang mở chuyển sang)"))
    def merge_into(self, request, queryset):
        def perform(successor, on, basis):
            for agency in queryset:
                services.merge_agency(agency, actor=request.user, successor=successor, effective_on=on, basis=basis)

        return _merge_action(
            self,
            request,
            queryset,
            successor_queryset=Agency.objects.filter(active_to__isnull=True),
            successor_label=_("Cơ quan kế thừa"),
            title=_("Sáp nhập cơ quan"),
            perform=perform,
        )


@admin.register(AgencyName)
class AgencyNameAdmin(AuditedAdmin, admin.ModelAdmin):
    audit_case_field = "agency"
    list_display = ("name", "agency", "valid_from", "valid_to", "basis")
    list_select_related = ("agency",)
    search_fields = ("name", "agency__name", "agency__code")
    autocomplete_fields = ("agency",)
    date_hierarchy = "valid_from"


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, admin.ModelAdmin):
    audit_case_field = "agency"
    list_display = ("user", "user_full_name", "agency", "role", "valid_from", "valid_to")
    list_filter = ("role", MembershipActiveFilter, "agency__kind")
    list_select_related = ("user", "agency")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "agency__name",
        "agency__code",
    )
    autocomplete_fields = ("user", "agency")

    @admin.display(description=_("họ tên"), ordering="user__last_name")
    def user_full_name(self, obj):
        return obj.user.get_full_name()


@admin.register(LegalRegime)
class LegalRegimeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "code", "effective_from", "ownership_by_law", "author_share_min_percent")
    list_filter = ("ownership_by_law",)
    search_fields = ("name", "code", "legal_basis")


# --- tasks -----------------------------------------------------------------------------------------------------------


class ApplicationAddressInline(admin.TabularInline):
    model = ApplicationAddress
    extra = 0
    autocomplete_fields = ("agency",)


@admin.register(STTask)
class STTaskAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "level",
        "host",
        "managing_agency",
        "approval_date",
        money("state_budget", _("kinh phí NSNN")),
        "result_count",
    )
    list_filter = ("level", "state_retains_rights", ("managing_agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("host", "managing_agency")
    search_fields = ("code", "title", "principal_investigator", "host__name")
    autocomplete_fields = ("host", "managing_agency")
    date_hierarchy = "approval_date"
    readonly_fields = ("created_at",)
    inlines = (ApplicationAddressInline,)
    fieldsets = (
        (None, {"fields": ("code", "title", "level", "field_code")}),
        (
            _("Cơ quan, chủ nhiệm"),
            {
                "fields": ("managing_agency", "host", "principal_investigator", "principal_investigator_title"),
            },
        ),
        (
            _("Phê duyệt, hợp đồng, kinh phí"),
            {
                "fields": ("approval_date", "contract_start", "contract_end", "state_budget", "co_funding"),
            },
        ),
        (_("Quyền của nhà nước"), {"fields": ("state_retains_rights", "retention_basis")}),
        (None, {"fields": ("created_at",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_result_count=Count("results"))

    @admin.display(description=_("số kết quả"), ordering="_result_count")
    def result_count(self, obj):
        return obj._result_count


@admin.register(ApplicationAddress)
class ApplicationAddressAdmin(AuditedAdmin, admin.ModelAdmin):
    audit_case_field = "task"
    list_display = ("name", "task", "agency")
    list_select_related = ("task", "agency")
    search_fields = ("name", "task__code", "task__title", "agency__name")
    autocomplete_fields = ("task", "agency")


# --- results (read-only lifecycle) -----------------------------------------------------------------------------------


class _ResultRecordInline(ViewOnlyAdmin, admin.TabularInline):
    extra = 0
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class TransferInline(_ResultRecordInline):
    model = Transfer
    fields = (
        "receiving_unit",
        "form",
        "rights",
        "status",
        "contract_no",
        "contract_value_vnd",
        "offered_on",
        "answered_on",
    )
    contract_value_vnd = money("contract_value", _("giá trị hợp đồng"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("receiving_unit")


class SupportInline(_ResultRecordInline):
    model = CommercialisationSupport
    fields = (
        "kind",
        "status",
        "requested_vnd",
        "granted_vnd",
        "intermediary",
        "requested_on",
        "decided_on",
        "decision_no",
    )
    requested_vnd = money("requested_amount", _("kinh phí đề nghị"))
    granted_vnd = money("granted_amount", _("kinh phí được hỗ trợ"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("intermediary")


class IPTitleInline(_ResultRecordInline):
    model = IPTitle
    fields = ("kind", "number", "filed_on", "granted_on", "holder")


class RevenueInline(_ResultRecordInline):
    model = RevenueRecord
    fields = (
        "year",
        "basis",
        "revenue_vnd",
        "profit_vnd",
        "capital_vnd",
        "payout_vnd",
        "minimum_vnd",
        "below_minimum",
        "note",
    )
    revenue_vnd = money("revenue", _("doanh thu"))
    profit_vnd = money("after_tax_profit", _("lợi nhuận sau thuế"))
    capital_vnd = money("capital_value", _("giá trị kết quả góp vốn"))
    payout_vnd = money("author_payout", _("chi trả cho tác giả"))
    minimum_vnd = money("author_minimum", _("mức chi tối thiểu cho tác giả"))


class DocumentInline(_ResultRecordInline):
    model = Document
    fields = ("original_name", "kind", "size", "sha256", "uploaded_by", "uploaded_for", "uploaded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by", "uploaded_for")


# Set by the services as a result moves through its lifecycle; never edited by hand.
RESULT_LIFECYCLE_FIELDS = (
    "status",
    "regime",
    "acceptance_date",
    "acceptance_grade",
    "recognition_decision_no",
    "recognition_decision_date",
    "registration_no",
    "archive_no",
    "registered_on",
    "ownership_outcome",
    "ownership_holder",
    "ownership_decision_no",
    "ownership_decision_date",
    "repayment_value",
    "status_changed_at",
    "created_at",
)


@admin.register(Result)
class ResultAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = (
        "title",
        "task_code",
        "host",
        "status_display",
        "registration_no",
        "result_type",
        "status_changed_at",
    )
    list_filter = ("status", "result_type", "regime", "task__level")
    list_select_related = ("task", "task__host")
    search_fields = ("title", "registration_no", "archive_no", "task__code", "task__title")
    date_hierarchy = "status_changed_at"
    readonly_fields = ("task", *RESULT_LIFECYCLE_FIELDS)
    fieldsets = (
        (None, {"fields": ("task", "title", "result_type", "summary")}),
        (
            _("Trạng thái"),
            {
                "fields": ("status", "regime", "status_changed_at", "created_at"),
                "description": _("Trạng thái chỉ thay đổi qua các bước xử lý hồ sơ, không sửa trực tiếp tại đây."),
            },
        ),
        (
            _("Nghiệm thu, đăng ký"),
            {
                "fields": (
                    "acceptance_date",
                    "acceptance_grade",
                    "recognition_decision_no",
                    "recognition_decision_date",
                    "registration_no",
                    "archive_no",
                    "registered_on",
                )
            },
        ),
        (
            _("Giao quyền"),
            {
                "fields": (
                    "ownership_outcome",
                    "ownership_holder",
                    "ownership_decision_no",
                    "ownership_decision_date",
                    "repayment_value",
                )
            },
        ),
    )
    inlines = (TransferInline, SupportInline, IPTitleInline, RevenueInline, DocumentInline)

    def has_add_permission(self, request):
        # Results are filed through services.record_result, which checks who files and records the event.
        return False

    def save_related(self, request, form, formsets, change):
        # Every inline here is view-only: Django would otherwise re-save their rows unchanged.
        form.save_m2m()
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mã nhiệm vụ"), ordering="task__code")
    def task_code(self, obj):
        return obj.task.code

    @admin.display(description=_("tổ chức chủ trì"), ordering="task__host__name")
    def host(self, obj):
        return obj.task.host

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_display(self, obj):
        return status_badge(obj.status)


class _ResultRecordAdmin(AuditedAdmin, admin.ModelAdmin):
    """Records a lifecycle step created: only descriptive fields may be corrected; no adding or deleting here."""

    audit_case_field = "result"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transfer)
class TransferAdmin(_ResultRecordAdmin):
    list_display = (
        "result",
        "receiving_unit",
        "form",
        "rights",
        "status",
        money("contract_value", _("giá trị hợp đồng")),
        "offered_on",
        "answered_on",
    )
    list_filter = ("status", "form", "rights")
    list_select_related = ("result", "receiving_unit")
    search_fields = ("result__title", "result__registration_no", "receiving_unit__name", "contract_no")
    date_hierarchy = "offered_on"
    readonly_fields = (
        "result",
        "receiving_unit",
        "form",
        "rights",
        "status",
        "offered_on",
        "answered_on",
        "applied_on",
    )


@admin.register(CommercialisationSupport)
class CommercialisationSupportAdmin(_ResultRecordAdmin):
    list_display = (
        "result",
        "kind",
        "status",
        money("requested_amount", _("kinh phí đề nghị")),
        money("granted_amount", _("kinh phí được hỗ trợ")),
        "intermediary",
        "requested_on",
        "decided_on",
    )
    list_filter = ("status", "kind")
    list_select_related = ("result", "intermediary")
    search_fields = ("result__title", "result__registration_no", "decision_no", "intermediary__name")
    date_hierarchy = "requested_on"
    autocomplete_fields = ("intermediary",)
    readonly_fields = ("result", "kind", "status", "requested_amount", "granted_amount", "requested_on", "decided_on")


@admin.register(RevenueRecord)
class RevenueRecordAdmin(_ResultRecordAdmin):
    list_display = (
        "result",
        "year",
        money("revenue", _("doanh thu")),
        money("after_tax_profit", _("lợi nhuận sau thuế")),
        money("author_payout", _("chi trả cho tác giả")),
        money("author_minimum", _("mức chi tối thiểu cho tác giả")),
        "below_minimum",
    )
    list_filter = ("year", "below_minimum", "basis")
    list_select_related = ("result",)
    search_fields = ("result__title", "result__registration_no")
    # The author's minimum share is checked (and a shortfall flagged) by services.record_revenue; amounts, the minimum
    # and the flag are not corrected by hand, only the note.
    readonly_fields = (
        "result",
        "year",
        "basis",
        "revenue",
        "after_tax_profit",
        "capital_value",
        "author_payout",
        "share_min_percent",
        "author_minimum",
        "below_minimum",
    )


@admin.register(IPTitle)
class IPTitleAdmin(AuditedAdmin, admin.ModelAdmin):
    audit_case_field = "result"
    list_display = ("number", "kind", "result", "filed_on", "granted_on", "holder")
    list_filter = ("kind",)
    list_select_related = ("result",)
    search_fields = ("number", "holder", "result__title", "result__registration_no")
    autocomplete_fields = ("result",)
    date_hierarchy = "granted_on"


@admin.register(Document)
class DocumentAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    """Files enter through services.attach_document (size and real type checked, fingerprinted): read-only here."""

    list_display = (
        "original_name",
        "kind",
        "result",
        "size",
        "sha256_prefix",
        "uploaded_for",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("kind", "content_type")
    list_select_related = ("result", "uploaded_for", "uploaded_by")
    search_fields = ("original_name", "sha256", "result__title", "result__registration_no")
    date_hierarchy = "uploaded_at"

    @admin.display(description=_("SHA-256"), ordering="sha256")
    def sha256_prefix(self, obj):
        return f"{obj.sha256[:12]}…"
