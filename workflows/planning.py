"""An officer's own planning of a task (follow-up date, priority) and a head's change of its due date."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit import recorder
from tasks_registry.access import holds_role
from tasks_registry.bounds import BoundedDateField
from tasks_registry.roles import Role

from .models import Priority, WorkItem


class PlanForm(forms.Form):
    follow_up_on = BoundedDateField(label=gettext_lazy("Ngày theo dõi lại"), required=False)
    priority = forms.TypedChoiceField(label=gettext_lazy("Mức ưu tiên"), choices=Priority.choices, coerce=int)
    due_on = BoundedDateField(label=gettext_lazy("Hạn xử lý"), required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do đổi hạn"), required=False, max_length=500)


def _back_to(request, *, fallback):
    """The page the form was sent from, if it is one of ours (never another site, nor a scheme like javascript:)."""
    wanted = request.POST.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def record_plan(work, *, actor, changes, reason=""):
    """Write the planned fields of a work item and their "task.planned" event in one transaction."""
    with transaction.atomic():
        for field, (_before, after) in changes.items():
            setattr(work, field, after)
        work.save(update_fields=list(changes))
        recorder.record(
            case=work.result,
            obj=work.task,
            action="task.planned",
            actor=actor,
            agency=work.agency,
            changes={"task": [None, work.task_id], **changes},
            comment=reason,
        )


def replan_work(work, *, actor, due_on, reason):
    """A head's change of a due date (the demo uses it to bring its deadlines around today)."""
    if not holds_role(actor, work.agency, (Role.HEAD, Role.OFFICER)):
        raise PermissionDenied
    record_plan(work, actor=actor, changes={"due_on": [work.due_on, due_on]}, reason=reason)


@login_required
@require_POST
def plan_work(request, task_pk):
    work = get_object_or_404(WorkItem.objects.select_related("task", "agency", "result"), pk=task_pk)
    user = request.user
    is_head = holds_role(user, work.agency, (Role.HEAD,))
    if work.task.finished or not (
        is_head or work.task.owner_id == user.pk or holds_role(user, work.agency, (Role.OFFICER,))
    ):
        raise PermissionDenied
    form = PlanForm(
        request.POST, initial={"follow_up_on": work.follow_up_on, "priority": work.priority, "due_on": work.due_on}
    )
    back = _back_to(request, fallback=f"/results/{work.result_id}/")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    changes = {}
    if data["follow_up_on"] != work.follow_up_on:
        changes["follow_up_on"] = [work.follow_up_on, data["follow_up_on"]]
    if data["priority"] != work.priority:
        changes["priority"] = [work.priority, data["priority"]]
    if data["due_on"] and data["due_on"] != work.due_on:
        if not is_head:
            messages.error(request, _("Chỉ lãnh đạo cơ quan được đổi hạn xử lý."))
            return redirect(back)
        if not data["reason"].strip():
            messages.error(request, _("Cần ghi rõ lý do đổi hạn xử lý."))
            return redirect(back)
        changes["due_on"] = [work.due_on, data["due_on"]]
    if changes:
        record_plan(work, actor=user, changes=changes, reason=data["reason"])
        messages.success(request, _("Đã lưu kế hoạch xử lý."))
    return redirect(back)
