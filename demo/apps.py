from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province (`seed_demo`) and its office brought to today (`sync_workflows --demo-claims`): an app of
    its own at the top, so that nothing of the product imports it."""

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")
