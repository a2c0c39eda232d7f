"""The accounts app: connects the lockout audit and the session clock to their signals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và đăng nhập")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from . import lockout, sessions

        user_locked_out.connect(lockout.locked_out, dispatch_uid="accounts.locked_out")
        user_logged_in.connect(sessions.start_clock, dispatch_uid="accounts.start_clock")
