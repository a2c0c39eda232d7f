"""The result lifecycle as a viewflow process: who does the next step, in which agency's queue, by when.

The flow does not decide *what* may happen: after every task it routes on the result's state (`pending.work_for`),
and each task completes by calling exactly one registry service, which fires the state-machine transition and
writes the audit event in the same transaction as the task's completion and the creation of the next task.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from tasks_registry.access import agency_for_party, memberships_today
from tasks_registry.memo import remembered
from tasks_registry.models import Result
from tasks_registry.selectors import sight_of, visible_results

from . import nodes
from .artifacts import ArtifactFlowMixin, track_visibility_key
from .deadlines import deadline_for
from .models import ResultProcess, WorkItem
from .pending import WORKS, work_for
from .permissions import queue_permission
from .views import WorkTaskView


def result_of(activation):
    """The activation's result, read once per activation: the switch's cases, a new task's permission and its work
    item all ask for it while nothing changes it (services change it before an activation, not during one). A task
    page that has just taken a step leaves the service's copy on the process (`result_after_step`), which the
    activations that route on from it share."""
    if not hasattr(activation, "_result"):
        activation._result = getattr(activation.process, "result_after_step", None) or activation.process.result
    return activation._result


def subject_of(activation):
    """The transfer or support the activation's process follows, or None for the result's own process (read once
    per activation, as the result)."""
    if not hasattr(activation, "_subject"):
        activation._subject = activation.process.subject
    return activation._subject


def _waits_for(work_name):
    def condition(activation):
        # One read of the result per routing, however many cases the switch tries.
        if not hasattr(activation, "pending_work"):
            activation.pending_work = work_for(result_of(activation), subject_of(activation))
        return activation.pending_work is not None and activation.pending_work.name == work_name

    return condition


def _permission_for(work_name):
    def permission(activation):
        agency = agency_for_party(result_of(activation), WORKS[work_name].party, subject_of(activation))
        return queue_permission(agency.pk, WORKS[work_name].role) if agency else None

    return permission


def _human(work_name):
    return (
        nodes.AgencyView(WorkTaskView.as_view())
        .Annotation(title=WORKS[work_name].title)
        .Permission(_permission_for(work_name))
        .onCreate(this.on_work_created)
        .Next(this.route)
    )


class ResultFlow(ArtifactFlowMixin, flow.Flow):
    process_class = ResultProcess
    # Blocking row lock: concurrent claims and submissions of one case queue up instead of failing.
    lock_impl = lock.SelectForUpdateLock(nowait=False)
    # The flow routes on the result's state, so a cancelled task or process can be routed again (engine_views).
    reroutes_after_cancel = True
    process_title = _("Xử lý kết quả nhiệm vụ")
    process_description = _("Từ nghiệm thu, đăng ký, giao quyền đến chuyển giao và hỗ trợ thương mại hoá.")
    process_summary_template = "{{ process.result.task.code }} · {{ process.result.title }}"

    start = flow.StartHandle(this.start_for_result).Annotation(title=_("Nộp kết quả")).Next(this.route)
    # Each transfer and each support of a result is followed by a process of its own (its seed), so that several
    # receiving units and several support requests are worked on at once.
    start_track = (
        flow.StartHandle(this.start_for_track).Annotation(title=_("Đề nghị chuyển giao hoặc hỗ trợ")).Next(this.route)
    )

    route = flow.Switch().Annotation(title=_("Bước tiếp theo theo trạng thái kết quả"))
    for _name in WORKS:
        route = route.Case(getattr(this, _name), _waits_for(_name))
    route = route.Default(this.end)

    # One human task per work, named after it (viewflow collects the nodes from the class's attributes when the
    # class is created, so they are set in its namespace here rather than written out one by one).
    locals().update({_name: _human(_name) for _name in WORKS})

    end = flow.End().Annotation(title=_("Kết thúc"))

    del _name

    def may_open_workspace(self, user):
        """Anyone who works for an agency may open the workspace; a case only if its result is visible to them."""
        return bool(memberships_today(user))

    def visible_artifacts(self, user):
        return visible_results(user)

    def has_view_permission(self, user, obj=None):
        """A case's processes as its result's page allows; the process of one of its transfers or supports only to
        whoever reads the dossier, and to the receiving unit of that transfer (not another unit's, nor a support)."""
        if not super().has_view_permission(user, obj):
            return False
        process = getattr(obj, "process", obj)
        if process is None or getattr(process, "seed_object_id", None) is None or user.is_superuser:
            return True
        return remembered(
            track_visibility_key(user, process.pk),
            lambda: sight_of(user, Result.objects.with_parties().get(pk=process.artifact_object_id)).may_follow_track(
                process
            ),
        )

    def start_for_result(self, activation, result):
        return self.start_with(activation, result)

    def start_for_track(self, activation, result, subject):
        activation.process.seed = subject
        return self.start_with(activation, result)

    def on_work_created(self, activation):
        result, subject = result_of(activation), subject_of(activation)
        work = WORKS[activation.flow_task.name]
        due_on, basis, own_rule = deadline_for(work.name, result, timezone.localdate(), subject)
        WorkItem.objects.create(
            task=activation.task,
            result=result,
            agency=agency_for_party(result, work.party, subject),
            role=work.role,
            work=work.name,
            due_on=due_on,
            deadline_basis=basis,
            deadline_own_rule=own_rule,
        )
