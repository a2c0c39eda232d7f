"""Names, never codes, on viewflow's pages: a task by its Vietnamese label, a person by full name and agency."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..engine_views import may_cancel

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
