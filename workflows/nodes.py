"""A human task that belongs to one agency: claims, releases and a head's reassignment are audited.

Viewflow resolves a task URL by the task's primary key and then asks the node of the URL for permission, so a
task of another node could be reached through this node's URLs; and a task without a permission would be open to
everyone. Every check here first makes sure the task really is this node's and carries its agency's permission.
"""

from viewflow.workflow import flow

from tasks_registry.access import holds_role
from tasks_registry.roles import Role

from . import task_actions


class AgencyView(flow.View):
    assign_view_class = task_actions.ClaimTaskView
    unassign_view_class = task_actions.ReleaseTaskView
    reassign_view_class = task_actions.ReassignTaskView

    def _own(self, task):
        return task.flow_task == self and bool(task.owner_permission)

    def can_assign(self, user, task):
        return self._own(task) and super().can_assign(user, task)

    def can_execute(self, user, task):
        return self._own(task) and super().can_execute(user, task)

    def can_view(self, user, task):
        return task.flow_task == self and super().can_view(user, task)

    def can_unassign(self, user, task):
        """The owner may release; a head of the acting agency may take work back or hand it to someone else."""
        if not self._own(task):
            return False
        if super().can_unassign(user, task):
            return True
        work = getattr(task, "work", None)
        return work is not None and holds_role(user, work.agency, (Role.HEAD,))
