"""The audit log in the Django admin: read-only. Events are appended by services and by audited admin changes only."""

import json

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .admin_mixins import AuditedAdmin, ViewOnlyAdmin
from .models import AuditorScope, ChainHead, Event, VerificationRun


@admin.register(Event)
class EventAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("occurred_at", "case_key", "seq", "action", "actor_name", "agency_name", "short_comment")
    list_filter = ("action", "occurred_at", "object_type")
    search_fields = ("case_key", "actor_name", "agency_name", "object_id")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at", "-id")
    show_full_result_count = False
    fields = (
        "case_key",
        "seq",
        "occurred_at",
        "action",
        "actor",
        "actor_name",
        "agency",
        "agency_name",
        "object_type",
        "object_id",
        "changes_pretty",
        "comment",
        "request_id",
        "ip_address",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "agency")

    @admin.display(description=_("lý do, ghi chú"))
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else f"{obj.comment[:79]}…"

    @admin.display(description=_("thay đổi (trước, sau)"))
    def changes_pretty(self, obj):
        return format_html(
            '<pre class="audit-changes">{}</pre>', json.dumps(obj.changes, ensure_ascii=False, indent=2, sort_keys=True)
        )


@admin.register(ChainHead)
class ChainHeadAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("case_key", "length", "last_hash", "events_link")
    search_fields = ("case_key",)
    ordering = ("case_key",)
    fields = ("case_key", "length", "last_hash", "events_link")
    readonly_fields = fields

    @admin.display(description=_("sự kiện"))
    def events_link(self, obj):
        url = reverse("admin:audit_event_changelist") + "?" + urlencode({"case_key": obj.case_key})
        return format_html('<a href="{}">{}</a>', url, _("Xem các sự kiện"))


@admin.register(AuditorScope)
class AuditorScopeAdmin(AuditedAdmin, admin.ModelAdmin):
    """Granting an auditor a scope is itself recorded: who may read what is part of the history."""

    list_display = ("user", "province_wide", "province", "valid_from", "valid_to")
    list_filter = ("province_wide", "province")
    search_fields = ("user__username", "legal_basis")
    autocomplete_fields = ("user",)
    filter_horizontal = ("agencies",)


@admin.register(VerificationRun)
class VerificationRunAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("started_at", "ok", "chains_checked", "events_checked", "case_key", "started_by")
    list_filter = ("ok",)
    ordering = ("-started_at", "-id")
    readonly_fields = (
        "started_at",
        "finished_at",
        "ok",
        "chains_checked",
        "events_checked",
        "broken",
        "case_key",
        "started_by",
    )
