from django import template

from tasks_registry.access import is_auditor

register = template.Library()


@register.filter
def can_audit(request):
    """For the navigation: answered from the memberships the page has already read, so no page gains a query."""
    user = getattr(request, "user", None)
    return user is not None and is_auditor(user)
