"""Administrators see every e-mail's delivery status, filter by it and send again; notifications and the data that
drives reminders and defaults are edited here too."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, Notification, Preference, ReminderRule, RoleDefault


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "recipient_name",
        "address",
        "is_digest",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "is_digest", "created_at", "sent_at")
    search_fields = ("address", "recipient__first_name", "recipient__last_name", "key")
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    list_select_related = ("recipient",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("người nhận"))
    def recipient_name(self, obj):
        return obj.recipient.get_full_name() or obj.address

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj):
        return (obj.last_error or "")[:80]

    @admin.action(description=_("Gửi lại các thư đã chọn"))
    def resend(self, request, queryset):
        count = services.resend(list(queryset), actor=request.user)
        self.message_user(
            request,
            ngettext("Đã xếp %(count)d thư vào hàng gửi lại.", "Đã xếp %(count)d thư vào hàng gửi lại.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "case_title", "read_at", "delivery_status")
    list_filter = ("kind", "delivery__status", "awaiting_digest", "created_at")
    search_fields = ("case_title", "recipient__first_name", "recipient__last_name")
    readonly_fields = [field.name for field in Notification._meta.fields]
    list_select_related = ("recipient", "delivery")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("trạng thái gửi"))
    def delivery_status(self, obj):
        return obj.delivery.get_status_display() if obj.delivery else "—"


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "remind_days_before", "escalate_after_days", "source")


@admin.register(RoleDefault)
class RoleDefaultAdmin(admin.ModelAdmin):
    list_display = ("role", "rank", "email_enabled", "mode", "digest_hour")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "email_enabled", "mode", "digest_hour")
    list_select_related = ("user",)
