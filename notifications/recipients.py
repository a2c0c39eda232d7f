"""Who is told: the people holding a role in an agency today; administrators and auditors."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from tasks_registry.models import Membership
from tasks_registry.roles import Role


def members(agency, roles):
    if agency is None:
        return []
    users = Membership.objects.active(timezone.localdate()).filter(agency=agency, role__in=roles).values("user")
    return list(get_user_model().objects.filter(pk__in=users, is_active=True).order_by("pk"))


def administrators_and_auditors():
    roles = (
        Membership.objects.active(timezone.localdate())
        .filter(role__in=[Role.ADMINISTRATOR, Role.AUDITOR])
        .values("user")
    )
    return list(get_user_model().objects.filter(Q(pk__in=roles) | Q(is_superuser=True), is_active=True).order_by("pk"))
