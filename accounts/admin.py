"""The administrator's view of throttled logins: who is locked, from where; unlocking is the one change allowed.

Axes' own admin is switched off (AXES_ENABLE_ADMIN = False) because it deletes rows without an audit event.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .lockout import unlock


@admin.register(AccessAttempt)
class AccessAttemptAdmin(admin.ModelAdmin):
    list_display = ("username", "ip_address", "failures_since_start", "is_locked", "attempt_time")
    list_filter = ("attempt_time",)
    search_fields = ("username", "ip_address")
    readonly_fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")
    fields = readonly_fields
    actions = ("unlock_selected",)

    @admin.display(description=_("Đang bị khóa"), boolean=True)
    def is_locked(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description=_("Mở khóa đăng nhập cho các dòng đã chọn"), permissions=["unlock"])
    def unlock_selected(self, request, queryset):
        count = unlock(list(queryset), by=request.user, request=request)
        self.message_user(
            request,
            ngettext("Đã mở khóa %(count)d lượt đăng nhập.", "Đã mở khóa %(count)d lượt đăng nhập.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_unlock_permission(self, request):
        return request.user.has_perm("axes.delete_accessattempt")  # superusers hold every permission

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # only through the audited unlock action
