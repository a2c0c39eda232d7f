from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's frame: each role's home page, the navigation and the officers' workspace that gathers the flows.
    It sits on top of the apps whose work it shows (registry, workflows, reports, audit), and none of them imports
    it."""

    name = "portal"
    verbose_name = _("Trang làm việc")
