"""viewflow's cancel pages, made into audited recovery actions for superusers.

Viewflow's own cancel of a task or a process changes the work without a service: nothing reaches the result's
history and the result is left with no open work for ever. These views call `cancelling.cancel_task` and
`cancelling.cancel_process`, which record the cancellation in the same transaction and route the result again.
Undo and revive are not offered at all (`ArtifactFlowMixin.has_manage_permission`).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import PROCESS

from .cancelling import cancel_process, cancel_task


def reroutable(flow_class):
    """Only a flow that routes its case on the case's state (the result flow) can route it again after a
    cancellation."""
    return getattr(flow_class, "reroutes_after_cancel", False)


def may_cancel(user):
    return user.is_authenticated and user.is_active and user.is_superuser


class CancelForm(forms.Form):
    comment = forms.CharField(
        label=_("Lý do"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AuditedCancelTaskView(flow_views.CancelTaskView):
    form_class = CancelForm
    success_message = _("Đã huỷ công việc {task}; kết quả được chuyển lại cho bước đang chờ.")

    def form_valid(self, form):
        cancel_task(self.request.activation, actor=self.request.user, comment=form.cleaned_data["comment"])
        messages.success(self.request, self.success_message.format(task=f"#{self.request.activation.task.pk}"))
        return HttpResponseRedirect(self.get_success_url())


class AuditedCancelProcessView(flow_views.CancelProcessView):
    """Cancel a result's process: recorded, and an open result gets a fresh process at once."""

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not may_cancel(request.user) or not reroutable(self.flow_class):
            raise PermissionDenied
        return super(flow_views.CancelProcessView, self).dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if "_cancel_process" not in request.POST:
            return self.get(request, *args, **kwargs)
        comment = (request.POST.get("comment") or "").strip()[:2000]
        if self.object.status in (PROCESS.DONE, PROCESS.CANCELED) or not self.can_cancel:
            return self._cannot_cancel()
        try:
            cancel_process(self.object, actor=request.user, comment=comment)
        except FlowRuntimeError:
            return self._cannot_cancel()
        messages.success(
            request, gettext("Đã huỷ quy trình #%(pk)s; kết quả được mở lại quy trình mới.") % {"pk": self.object.pk}
        )
        return HttpResponseRedirect("../")
