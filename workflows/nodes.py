"""A human task that belongs to one agency: claims, releases and a head's reassignment are audited.

Viewflow resolves a task URL by the task's primary key and then asks the node of the URL for permission, so a
task of another node could be reached through this node's URLs; and a task without a permission would be open to
everyone. Every check here first makes sure the task really is this node's and carries its agency's permission.

Engine-level changes: viewflow's undo and revive of a task are not offered at all (they would change the work
without a service or an audit event; `ArtifactFlowMixin.has_manage_permission` refuses them). Cancelling a task is
offered to superusers only, through `engine_views.AuditedCancelTaskView`, which records the cancellation in the
result's history and routes the result again, so that it never stays without open work.
"""

from django.urls import path
from django.utils.timezone import now
from viewflow.workflow import STATUS, flow
from viewflow.workflow.flow import utils
from viewflow.workflow.nodes.view import ViewActivation

from tasks_registry.access import holds_role
from tasks_registry.roles import Role

from . import engine_views, task_actions


class AgencyViewActivation(ViewActivation):
    """Viewflow lets a task's owner reassign it; here only a head of the acting agency may (the button follows)."""

    @ViewActivation.status.transition(
        source=STATUS.ASSIGNED,
        permission=lambda activation, user: activation.flow_task.can_reassign(user, activation.task),
    )
    def reassign(self, user=None):
        if user:
            self.task.owner = user
        self.task.save()

    @ViewActivation.status.transition(
        source=[STATUS.NEW, STATUS.ASSIGNED],
        target=STATUS.CANCELED,
        permission=lambda activation, user: activation.flow_task.can_cancel(user, activation.task),
    )
    def cancel(self):
        """Offered (as a button) to whom `AgencyView.can_cancel` allows; the view records it and routes again."""
        self.task.finished = now()
        self.task.save()


class AgencyView(flow.View):
    activation_class = AgencyViewActivation
    assign_view_class = task_actions.ClaimTaskView
    unassign_view_class = task_actions.ReleaseTaskView
    reassign_view_class = task_actions.ReassignTaskView
    cancel_view_class = engine_views.AuditedCancelTaskView
    undo_view_class = None
    revive_view_class = None

    def _own(self, task):
        return task.flow_task == self and bool(task.owner_permission)

    def can_assign(self, user, task):
        return self._own(task) and super().can_assign(user, task)

    def can_execute(self, user, task):
        return self._own(task) and super().can_execute(user, task)

    def can_view(self, user, task):
        return task.flow_task == self and super().can_view(user, task)

    def _is_head_of_acting_agency(self, user, task):
        work = getattr(task, "work", None)
        return work is not None and holds_role(user, work.agency, (Role.HEAD,))

    def can_unassign(self, user, task):
        """The owner may release; a head of the acting agency may take work back."""
        if not self._own(task):
            return False
        if super().can_unassign(user, task):
            return True
        return self._is_head_of_acting_agency(user, task)

    def can_reassign(self, user, task):
        """Only a head of the acting agency hands work to someone else (not the officer who holds it)."""
        return self._own(task) and self._is_head_of_acting_agency(user, task)

    def can_cancel(self, user, task):
        """A superuser's recovery action; it is recorded and the result is routed again (engine_views)."""
        return (
            self._own(task)
            and user.is_authenticated
            and user.is_active
            and user.is_superuser
            and engine_views.reroutable(self.flow_class)
        )

    @property
    def reassign_path(self):
        # Viewflow guards its reassign URL with `can_unassign`, which lets the task's owner through.
        if self.reassign_view:
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/reassign/",
                utils.wrap_task_view(self, self.reassign_view, permission=self.can_reassign),
                name="reassign",
            )
