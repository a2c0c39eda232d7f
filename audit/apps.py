from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký kiểm tra")

    def ready(self):
        from django.contrib.auth import signals
        from django.db.backends.signals import connection_created

        from . import folding, security

        signals.user_logged_in.connect(security.logged_in, dispatch_uid="audit.logged_in")
        signals.user_logged_out.connect(security.logged_out, dispatch_uid="audit.logged_out")
        signals.user_login_failed.connect(security.login_failed, dispatch_uid="audit.login_failed")
        # The search box's f_unaccent on the embedded SQLite demo (PostgreSQL has it from a migration).
        connection_created.connect(folding.register_sqlite_unaccent, dispatch_uid="audit.sqlite_unaccent")
