from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What operators run: migrations as the owner role, the health check, the restore drill."""

    name = "operations"
    verbose_name = _("Vận hành")
