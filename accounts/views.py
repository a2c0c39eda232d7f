"""Password change for every signed-in person and password reset by e-mail: Django's views, recorded in the audit.
The person's API tokens: listed, and revoked (api.tokens, recorded in their session history)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import recorder
from audit.security import origin_of, session_case


def _record(request, user, action):
    with transaction.atomic():
        recorder.record(case=session_case(user), obj=user, action=action, actor=user, origin=origin_of(request))


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        _record(self.request, form.user, "auth.password_changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        _record(self.request, form.user, "auth.password_reset")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("password_reset_done")
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"


@login_required
def api_tokens(request):
    from api import tokens

    now = timezone.now()
    rows = [
        {"created": token.created, "expires": tokens.expires_at(token), "expired": tokens.expires_at(token) <= now}
        for token in tokens.tokens_of(request.user)
    ]
    return render(request, "accounts/api_tokens.html", {"tokens": rows, "token_hours": settings.API_TOKEN_HOURS})


@login_required
@require_POST
def revoke_api_token(request):
    from api import tokens

    if tokens.revoke(request.user, by=request.user, request=request):
        messages.success(request, _("Đã thu hồi mã truy cập API: hệ thống dùng mã này không còn truy cập được."))
    else:
        messages.info(request, _("Bạn không có mã truy cập API nào để thu hồi."))
    return redirect("api_tokens")
