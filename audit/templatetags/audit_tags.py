from django import template

from tasks_registry.roles import Role
from tasks_registry.templatetags.registry_tags import memberships_for

register = template.Library()


@register.filter
def can_audit(request):
    """For the navigation: reuses the memberships the header already read, so no page gains a query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or any(m.role == Role.AUDITOR for m in memberships_for(request))
