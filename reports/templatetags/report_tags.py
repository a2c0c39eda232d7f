"""Figures on the report pages: Vietnamese number format, yes/no for flags, the target in words."""

from django import template
from django.utils.translation import gettext as _

from tasks_registry.numbers import format_number
from tasks_registry.templatetags.registry_tags import vnum

register = template.Library()
register.filter("vnum", vnum)  # the registry's, so that a report template needs only this library


@register.filter
def figure(value, indicator):
    """A figure as shown to people: '—' when missing, 'Có'/'Không' for a yes/no indicator, else the number."""
    if value is None:
        return "—"
    if getattr(indicator, "is_flag", False):
        return _("Có") if value else _("Không")
    return format_number(value)
