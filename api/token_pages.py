"""A person's API tokens, on their account pages: listed with their expiry, and revoked (recorded in their session
history by `api.tokens`)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import tokens


@login_required
def api_tokens(request):
    now = timezone.now()
    rows = [
        {"created": token.created, "expires": tokens.expires_at(token), "expired": tokens.expires_at(token) <= now}
        for token in tokens.tokens_of(request.user)
    ]
    return render(request, "accounts/api_tokens.html", {"tokens": rows, "token_hours": settings.API_TOKEN_HOURS})


@login_required
@require_POST
def revoke_api_token(request):
    if tokens.revoke(request.user, by=request.user, request=request):
        messages.success(request, _("Đã thu hồi mã truy cập API: hệ thống dùng mã này không còn truy cập được."))
    else:
        messages.info(request, _("Bạn không có mã truy cập API nào để thu hồi."))
    return redirect("api_tokens")


urlpatterns = [
    path("accounts/api-tokens/", api_tokens, name="api_tokens"),
    path("accounts/api-tokens/revoke/", revoke_api_token, name="api_tokens_revoke"),
]
