"""A human task that belongs to one agency: claims, releases and a head's reassignment are audited."""

from viewflow.workflow import flow

from tasks_registry.access import holds_role
from tasks_registry.roles import Role

from . import task_actions


class AgencyView(flow.View):
    assign_view_class = task_actions.ClaimTaskView
    unassign_view_class = task_actions.ReleaseTaskView
    reassign_view_class = task_actions.ReassignTaskView

    def can_unassign(self, user, task):
        """The owner may release; a head of the acting agency may take work back or hand it to someone else."""
        if super().can_unassign(user, task):
            return True
        work = getattr(task, "work", None)
        return work is not None and holds_role(user, work.agency, (Role.HEAD,))
