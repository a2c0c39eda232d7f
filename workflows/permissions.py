"""Agency memberships as queue permissions: `workflows.queue_<agency id>_<role>`.

Each human task carries the permission of the agency and role that must act, so viewflow's own queue query
(`owner_permission IN my permissions`) lists exactly my agencies' work, served by an index. The agency id, not
its code, is used because administrators may recode or rename an agency while its tasks are open.
"""

from tasks_registry.access import memberships_today
from tasks_registry.memo import remembered
from tasks_registry.roles import Role

# A head also sees, claims and does the work of the agency's officers.
IMPLIED_ROLES = {Role.HEAD: (Role.HEAD, Role.OFFICER)}
# Reporters work the annual-report drafts of their agency (reports.annual_report_flow).
QUEUE_ROLES = (Role.OFFICER, Role.HEAD, Role.REPORTER)


def queue_permission(agency_id, role):
    return f"workflows.queue_{agency_id}_{role}"


def queue_roles_of(user):
    """{agency id: the roles whose queue the user works there} today (cached on the user object for the request)."""
    if not user.is_active or user.is_anonymous:
        return {}
    cached = getattr(user, "_queue_roles_cache", None)
    if cached is None:
        cached = remembered(("queue_roles", user.pk), lambda: _queue_roles(user))
        user._queue_roles_cache = cached
    return cached


def _queue_roles(user):
    roles = {}
    for membership in memberships_today(user):
        if membership.role in QUEUE_ROLES:
            roles.setdefault(membership.agency_id, set()).update(IMPLIED_ROLES.get(membership.role, (membership.role,)))
    return roles


def queue_permissions_of(user):
    """Every queue permission the user holds today (cached on the user object for the request)."""
    return {queue_permission(agency_id, role) for agency_id, roles in queue_roles_of(user).items() for role in roles}


class MembershipPermissionBackend:
    """Authorises queue permissions only; authentication stays with Django's ModelBackend."""

    def authenticate(self, request, **credentials):
        return None

    def get_user_permissions(self, user, obj=None):
        return queue_permissions_of(user)

    def get_all_permissions(self, user, obj=None):
        return queue_permissions_of(user)

    def has_perm(self, user, perm, obj=None):
        return perm.startswith("workflows.queue_") and perm in queue_permissions_of(user)
