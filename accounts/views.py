"""Password change for every signed-in person and password reset by e-mail: Django's views, recorded in the audit.
(A person's API tokens are listed and revoked by `api.token_pages`.)"""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy

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
