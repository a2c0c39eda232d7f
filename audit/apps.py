from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký kiểm tra")

    def ready(self):
        from django.contrib.auth import signals

        from . import security

        signals.user_logged_in.connect(security.logged_in, dispatch_uid="audit.logged_in")
        signals.user_logged_out.connect(security.logged_out, dispatch_uid="audit.logged_out")
        signals.user_login_failed.connect(security.login_failed, dispatch_uid="audit.login_failed")
