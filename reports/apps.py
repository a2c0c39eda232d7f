from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Kế hoạch và báo cáo")

    def ready(self):
        # The annual-report flow starts a process for every report opened (reports.annual_report_flow).
        from . import annual_report_flow  # noqa: F401
