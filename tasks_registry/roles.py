from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person may do within one agency (DOMAIN.md, "Agencies and roles")."""

    OFFICER = "officer", _("Chuyên viên")
    HEAD = "head", _("Lãnh đạo")
    REPORTER = "reporter", _("Người lập báo cáo")
    AUDITOR = "auditor", _("Thanh tra, kiểm toán")
    ADMINISTRATOR = "administrator", _("Quản trị")


# The roles that work a case for their agency (a head may always do what the agency's officers do).
WORKING_ROLES = (Role.OFFICER, Role.HEAD)
