"""The administrators' list of API tokens (whose, issued, expires) and their revocation, recorded in the owner's
session history. DRF's own token admin is replaced: it adds and deletes tokens without an audit event."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import TokenProxy

from audit.admin_mixins import ViewOnlyAdmin

from . import tokens

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ("owner", "created", "expires")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("owner", "created", "expires")
    readonly_fields = fields
    actions = ("revoke_selected",)
    date_hierarchy = "created"

    @admin.display(description=_("người dùng"), ordering="user__last_name")
    def owner(self, token):
        return token.user.get_full_name() or token.user.get_username()

    @admin.display(description=_("hết hạn lúc"))
    def expires(self, token):
        return tokens.expires_at(token)

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"), permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        count = sum(
            tokens.revoke(token.user, by=request.user, request=request) for token in queryset.select_related("user")
        )
        self.message_user(
            request,
            ngettext("Đã thu hồi %(count)d mã truy cập.", "Đã thu hồi %(count)d mã truy cập.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm("authtoken.delete_token")
