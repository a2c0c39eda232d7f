"""Claim, release and reassign, each recorded in the case's history.

The result flow records in the result's case (`record_task_event`); the annual-report flow uses the same views with
its own `record_event` (in the report's case). The bulk views act only on their own flow's tasks, whatever primary
keys are posted.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from viewflow.workflow.flow import views

from audit import recorder
from tasks_registry.models import Membership
from tasks_registry.roles import WORKING_ROLES

from .signals import task_assigned


def record_task_event(task, action, actor, changes=None, comment=""):
    work = task.work
    with transaction.atomic():
        recorder.record(
            case=work.result,
            obj=task,
            action=action,
            actor=actor,
            agency=work.agency,
            comment=comment,
            changes={"task": [None, {"id": task.pk, "work": work.work}], **(changes or {})},
        )


class RecordsTaskEvents:
    """Where a flow's claims and releases are written: the result's case; another flow overrides `record_event`."""

    def record_event(self, task, action, actor, changes):
        record_task_event(task, action, actor, changes)


class ClaimTaskView(RecordsTaskEvents, views.AssignTaskView):
    def form_valid(self, form):
        response = super().form_valid(form)
        task = self.request.activation.task
        self.record_event(task, "task.claimed", self.request.user, {"owner": [None, self.request.user.get_username()]})
        return response


class ReleaseTaskView(RecordsTaskEvents, views.UnassignTaskView):
    def form_valid(self, form):
        task = self.request.activation.task
        previous = task.owner.get_username() if task.owner else None
        response = super().form_valid(form)
        self.record_event(task, "task.released", self.request.user, {"owner": [previous, None]})
        return response


class ColleagueChoiceField(forms.ModelChoiceField):
    """A colleague by full name, as the head knows them, not by login."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ReassignForm(forms.Form):
    owner = ColleagueChoiceField(label=_("Giao cho"), queryset=get_user_model().objects.none())
    comment = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = (
            Membership.objects.active(timezone.localdate())
            .filter(agency=agency, role__in=WORKING_ROLES)
            .values("user_id")
        )
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(pk__in=colleagues, is_active=True)
            .order_by("first_name", "last_name", "username")
        )


class ReassignTaskView(views.AssignTaskView):
    """A head hands a task to an officer of the same agency (only colleagues can be chosen)."""

    form_class = ReassignForm
    success_message = _("Đã giao công việc {task}.")

    def get_template_names(self):
        return ["workflows/task_reassign.html"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["agency"] = self.request.activation.task.work.agency
        return kwargs

    def form_valid(self, form):
        activation = self.request.activation
        task = activation.task
        previous = task.owner.get_username() if task.owner else None
        new_owner = form.cleaned_data["owner"]
        if task.owner_id is None:
            activation.assign(new_owner)
        else:
            activation.reassign(user=new_owner)
        record_task_event(
            task,
            "task.reassigned",
            self.request.user,
            {"owner": [previous, new_owner.get_username()]},
            form.cleaned_data["comment"],
        )
        task_assigned.send(
            sender=type(task), task=task, owner=new_owner, by=self.request.user, comment=form.cleaned_data["comment"]
        )
        return super(views.AssignTaskView, self).form_valid(form)


class BulkClaimView(RecordsTaskEvents, views.BulkAssignTasksActionView):
    """Claim several tasks at once: each is checked on its own; those the person may not take are skipped."""

    flow_class = None  # given by the flow's viewset

    def get_queryset(self):
        # Only the person's queue of this flow can be listed or claimed, whatever primary keys are posted.
        return (
            super()
            .get_queryset()
            .filter(process__flow_class=self.flow_class)
            .user_queue(self.request.user)
            .filter(status="NEW")
        )

    def form_valid(self, form):
        user, claimed, skipped = self.request.user, 0, 0
        for task in self.get_queryset().select_related("work"):
            with task.activation() as activation:
                if activation.task.status != "NEW" or not task.flow_task.can_assign(user, activation.task):
                    skipped += 1
                    continue
                activation.assign(user)
                self.record_event(activation.task, "task.claimed", user, {"owner": [None, user.get_username()]})
                claimed += 1
        message = ngettext("Đã nhận %(count)d việc.", "Đã nhận %(count)d việc.", claimed) % {"count": claimed}
        if skipped:
            message += " " + ngettext(
                "Bỏ qua %(count)d việc không thuộc quyền của bạn hoặc đã có người nhận.",
                "Bỏ qua %(count)d việc không thuộc quyền của bạn hoặc đã có người nhận.",
                skipped,
            ) % {"count": skipped}
        messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class BulkReleaseView(RecordsTaskEvents, views.BulkUnassignTasksActionView):
    """Release several of one's own tasks; nobody else's can be listed or released this way."""

    flow_class = None  # given by the flow's viewset

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(process__flow_class=self.flow_class)
            .filter(owner=self.request.user, status="ASSIGNED")
        )

    def form_valid(self, form):
        tasks = list(self.get_queryset().select_related("work"))
        response = super().form_valid(form)
        for task in tasks:
            self.record_event(
                task, "task.released", self.request.user, {"owner": [self.request.user.get_username(), None]}
            )
        return response
