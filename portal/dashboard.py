"""The home page of each person: their own work by due date, their agencies' queues, and for heads the
workload of each officer. A fixed number of queries whatever the volume (grouped counts, short lists)."""

from django.db.models import Count, Q
from django.utils import timezone
from viewflow.workflow.models import Task

from tasks_registry.access import is_auditor
from tasks_registry.models import Agency
from tasks_registry.roles import WORKING_ROLES, Role
from tasks_registry.views import HomeView
from workflows.permissions import queue_permissions_of

from . import homes

OPEN = ("NEW", "ASSIGNED")


class WorkHomeView(HomeView):
    template_name = "workflows/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        human = Task.objects.filter(flow_task_type="HUMAN")
        # The person's own work is the "my-work" section (homes.my_work), read once there.
        context["sections"] = homes.sections_for(user, context["memberships"], today)
        context["auditor"] = is_auditor(user)
        context["works_queues"] = any(m.role in WORKING_ROLES for m in context["memberships"])

        agency_ids = {m.agency_id for m in context["memberships"] if m.role in WORKING_ROLES}
        open_work = human.filter(status__in=OPEN, work__agency_id__in=agency_ids)
        by_agency = open_work.values("work__agency_id").annotate(
            waiting=Count("pk", filter=Q(status="NEW", owner_permission__in=queue_permissions_of(user))),
            open=Count("pk"),
            overdue=Count("pk", filter=Q(work__due_on__lt=today)),
        )
        names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
        context["agency_queues"] = sorted(
            ({"agency": names[row["work__agency_id"]], **row} for row in by_agency), key=lambda row: row["agency"]
        )

        # Bộ KH&CN works no province's queue: its home leads to every province's consolidation (reports.access).
        from tasks_registry.access import is_ministry

        context["ministry"], context["this_year"] = is_ministry(user), today.year
        headed = {m.agency_id for m in context["memberships"] if m.role == Role.HEAD}
        if headed:
            workload = (
                human.filter(status="ASSIGNED", work__agency_id__in=headed)
                .values("work__agency__name", "owner__username", "owner__first_name", "owner__last_name")
                .annotate(assigned=Count("pk"), overdue=Count("pk", filter=Q(work__due_on__lt=today)))
                .order_by("work__agency__name", "-assigned")
            )
            context["workload"] = list(workload)
        return context
