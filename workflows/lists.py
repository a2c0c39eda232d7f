"""Inbox, queue and archive with due dates first, and every viewflow list scoped to the user's agencies.

Viewflow's own process and task lists are not scoped per object; here each one is filtered to the processes of
results the user may see (tasks_registry.scoping), and the task lists carry the work item (agency, due date,
priority) in the same query.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow import STATUS
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow import chart

from tasks_registry.models import Result
from tasks_registry.scoping import visible_results

from .engine_views import AuditedCancelProcessView
from .task_actions import BulkClaimView, BulkReleaseView

LIST_RELATED = ("process", "owner", "work", "work__agency", "work__result", "work__result__task")


def visible_process_filter(user, prefix=""):
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}artifact_object_id__in": visible_results(user).values("pk")})


def by_due_date(queryset):
    return queryset.order_by(F("work__due_on").asc(nulls_last=True), "-work__priority", "created")


class WorkColumnsMixin:
    """Columns an officer sorts their day by: the result, the agency, the due date (overdue marked), priority."""

    columns = ("task_id", "task_title", "result_title", "agency", "due", "priority", "created")

    def task_id(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">#{}</a>', url, task.pk)

    task_id.short_description = "#"

    def task_title(self, task):
        return task.flow_task.task_title

    task_title.short_description = _("Công việc")

    def result_title(self, task):
        work = getattr(task, "work", None)
        if work is None:
            return ""
        return format_html('<a href="/results/{}/">{} · {}</a>', work.result_id, work.result.task.code, work.result.title)

    result_title.short_description = _("Kết quả")

    def agency(self, task):
        work = getattr(task, "work", None)
        return work.agency.short_name or work.agency.name if work else ""

    agency.short_description = _("Cơ quan xử lý")

    def due(self, task):
        work = getattr(task, "work", None)
        if work is None or work.due_on is None:
            return ""
        text = work.due_on.strftime("%d/%m/%Y")
        if task.finished is None and work.due_on < timezone.localdate():
            return format_html('<strong class="overdue" style="color:#b3261e">{} · {}</strong>', text, _("Quá hạn"))
        return text

    due.short_description = _("Hạn xử lý")
    due.orderby_column = "work__due_on"

    def priority(self, task):
        work = getattr(task, "work", None)
        return work.get_priority_display() if work else ""

    priority.short_description = _("Ưu tiên")
    priority.orderby_column = "-work__priority"

    def created(self, task):
        return timezone.localtime(task.created).strftime("%d/%m/%Y %H:%M")

    created.short_description = _("Đến lúc")
    created.orderby_column = "created"


class InboxView(WorkColumnsMixin, flow_views.FlowInboxListView):
    title = _("Việc của tôi")

    def get_queryset(self):
        return by_due_date(super().get_queryset().select_related(*LIST_RELATED))


class QueueView(WorkColumnsMixin, flow_views.FlowQueueListView):
    title = _("Việc chờ nhận của cơ quan")

    def get_queryset(self):
        return by_due_date(super().get_queryset().select_related(*LIST_RELATED))


class ArchiveView(WorkColumnsMixin, flow_views.FlowArchiveListView):
    title = _("Việc đã làm")
    columns = ("task_id", "task_title", "result_title", "agency", "due", "created", "finished_at")

    def finished_at(self, task):
        return timezone.localtime(task.finished).strftime("%d/%m/%Y %H:%M") if task.finished else ""

    finished_at.short_description = _("Xong lúc")
    finished_at.orderby_column = "-finished"

    def get_queryset(self):
        return super().get_queryset().select_related(*LIST_RELATED).order_by("-finished")


class ProcessColumnsMixin:
    """Column names of viewflow's process list in words (viewflow derives "Process id", "Active tasks" from code)."""

    def process_id(self, process):
        return super().process_id(process)

    process_id.short_description = _("Quy trình")

    def active_tasks(self, process):
        return process.active_tasks_count

    active_tasks.short_description = _("Việc đang mở")


class ScopedProcessListView(ProcessColumnsMixin, flow_views.DashboardProcessListView):
    columns = ("process_id", "result_title", "created", "finished", "active_tasks")

    def result_title(self, process):
        return process.result_title

    result_title.short_description = _("Kết quả")

    def get_queryset(self):
        titles = Result.objects.filter(pk=OuterRef("artifact_object_id")).values("title")[:1]
        queryset = super().get_queryset().filter(visible_process_filter(self.request.user))
        return queryset.annotate(result_title=Subquery(titles)).order_by("-created")


def owner_name(task):
    """The person holding the work by full name (the login only for an account created without one)."""
    return (task.owner.get_full_name() or task.owner.get_username()) if task.owner_id else ""


owner_name.short_description = _("Người xử lý")


class ScopedTaskListView(WorkColumnsMixin, flow_views.DashboardTaskListView):
    columns = ("task_id", "task_title", "result_title", "agency", "due", "created", "owner")

    def owner(self, task):
        return owner_name(task)

    owner.short_description = owner_name.short_description

    def get_queryset(self):
        queryset = super().get_queryset().filter(visible_process_filter(self.request.user, "process__"))
        return queryset.select_related(*LIST_RELATED).order_by("-created")


class ScopedDashboardView(flow_views.DashboardView):
    """The kanban of open work, limited to results the user may see."""

    def get_context_data(self, **kwargs):
        tasks = self.flow_class.task_class._default_manager.filter(
            process__flow_class=self.flow_class
        ).filter(visible_process_filter(self.request.user, "process__")).select_related(
            "process", "owner", "work__agency", "work__result__task"
        )  # the cards name the case, the person and the agency (templates/viewflow/workflow/process_dashboard.html)
        sorted_nodes, _edges = chart.topsort(self.flow_class)
        nodes = [node for node in sorted_nodes if node.task_type == "HUMAN"]
        columns = [
            {
                "node": node,
                "node_ref": get_task_ref(node),
                "tasks": tasks.filter(Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=node)[: self.MAX_ROWS],
            }
            for node in nodes
        ]
        context = super(flow_views.DashboardView, self).get_context_data(**kwargs)
        context.update(columns=columns, start_nodes=[], end_nodes=[], finished=tasks.none())
        return context


class ScopedChartView(flow_views.FlowChartView):
    """The diagram of one process shows its progress: only for those who may see the result."""

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            process = self.flow_class.process_class._default_manager.filter(pk=process_pk).first()
            if process is None or not self.flow_class.instance.has_view_permission(request.user, process):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AgencyFlowAppViewset(FlowAppViewset):
    chart_view_class = ScopedChartView
    process_cancel_view_class = AuditedCancelProcessView
    tasks_assign_view_class = BulkClaimView
    tasks_unassign_view_class = BulkReleaseView
    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    dashboard_view_class = ScopedDashboardView
