"""Names, never codes, on viewflow's pages: a task by its Vietnamese label, a person by full name and agency."""

import datetime
import re
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from workflows.engine_views import may_cancel

register = template.Library()

# Nodes that are not work of a person have no task title in the flows; they read as what they do.
NODE_LABELS = {
    "START": _("Bắt đầu"),
    "END": _("Kết thúc"),
    "IF": _("Rẽ nhánh"),
    "SWITCH": _("Rẽ nhánh"),
    "SPLIT": _("Tách nhánh"),
    "JOIN": _("Gộp nhánh"),
    "FUNCTION": _("Bước tự động"),
    "HANDLE": _("Chờ sự kiện"),
}


def person_name(user):
    """Full name, else the login as a last resort (an account created without a name)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def task_label(task):
    node = getattr(task, "flow_task", None)
    if node is None:
        return ""
    title = getattr(node, "task_title", "") or NODE_LABELS.get(getattr(node, "task_type", ""), "")
    return f"{title} #{task.pk}" if title else f"#{task.pk}"


@register.filter
def task_owner(task):
    """'Nguyễn Thị Thu Hà (Sở KH&CN)': the owner and the agency whose queue the work belongs to."""
    owner = getattr(task, "owner", None)
    if owner is None:
        return ""
    work = getattr(task, "work", None) if hasattr(task, "work") else None
    agency = getattr(work, "agency", None) if work is not None else None
    if agency is not None:
        return f"{person_name(owner)} ({agency.short_name or agency.name})"
    return person_name(owner)


@register.filter
def full_name(user):
    return person_name(user)


@register.filter
def may_cancel_process(user):
    return may_cancel(user)


@register.filter
def shown_value(value):
    """A field of the process panel as a person reads it: people by name, yes/no in words, figures by their
    indicator's label and unit (money in VND), dates dd/mm/yyyy HH:MM."""
    from django.contrib.auth import get_user_model
    from django.utils import formats

    from reports.models import Indicator
    from tasks_registry.templatetags.registry_tags import format_vnd

    if value is None or value == "":
        return ""
    if isinstance(value, get_user_model()):
        return person_name(value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, Decimal):  # money and shares: "178.000.000", "37,8" (an int may be a year: left alone)
        return formats.number_format(
            value, decimal_pos=0 if value == value.to_integral_value() else None, use_l10n=True, force_grouping=True
        )
    if isinstance(value, dict):
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=[str(key) for key in value])}
        parts = []
        for key, item in value.items():
            indicator = indicators.get(str(key))
            if indicator is None:
                continue  # a key with no indicator behind it is internal bookkeeping, not a figure to show
            if isinstance(item, (int, float)) and "đồng" in indicator.unit.lower():
                shown = format_vnd(item)
            elif isinstance(item, (int, float)):
                shown = f"{formats.number_format(item, use_l10n=True, force_grouping=True)} {indicator.unit}".strip()
            else:
                shown = str(item)
            parts.append(f"{indicator.name}: {shown}")
        return "; ".join(parts)
    return value


_TASK_LINK = re.compile(r'<a href="[^"]*">#(\d+)</a>')


@register.filter
def message_text(message):
    """viewflow's own messages name a task by a link reading "#83": say which work it was, by its title, and drop
    the markup (the snackbar shows plain text; a link there would be focusable inside a hidden region)."""
    from viewflow.workflow.models import Task

    text = str(message)
    numbers = {int(number) for number in _TASK_LINK.findall(text)}
    titles = {task.pk: task_label(task) for task in Task.objects.filter(pk__in=numbers)} if numbers else {}
    text = _TASK_LINK.sub(lambda match: f"«{titles.get(int(match.group(1)), '')}»", text)
    return strip_tags(text).replace(" .", ".")
