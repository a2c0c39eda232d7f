"""Inbox, queue and archive with due dates first, and every viewflow list scoped to the user's agencies.

Viewflow's own process and task lists are not scoped per object; here each one is filtered to the processes of
results the user may see (tasks_registry.selectors), and the task lists carry the work item (agency, due date,
priority) in the same query.
"""

from functools import reduce
from operator import or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from viewflow.utils import viewprop
from viewflow.workflow import STATUS, chart
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views

from tasks_registry.memo import remember
from tasks_registry.models import CommercialisationSupport, Result, SupportKind, Transfer
from tasks_registry.selectors import visible_results, visible_tracks_q

from .artifacts import track_visibility_key, visibility_key
from .engine_views import AuditedCancelProcessView
from .filters import ArchiveTaskFilter, DashboardTaskFilter, WorkTaskFilter
from .models import WorkItem
from .pagination import CappedPaginator
from .permissions import queue_roles_of
from .task_actions import BulkClaimView, BulkReleaseView

LIST_RELATED = ("process", "owner", "work", "work__agency", "work__result", "work__result__task")


def with_subjects(tasks):
    """Tasks annotated with what their transfer or support is (the unit offered, the kind of support), read in the
    list's one query: several tasks of one result then read apart ("→ Hợp tác xã Mỹ An", "Hội nghị giới thiệu…")."""
    seed = OuterRef("process__seed_object_id")
    transfers = Transfer.objects.filter(pk=seed).order_by().values("receiving_unit__name")[:1]
    supports = CommercialisationSupport.objects.filter(pk=seed).order_by().values("kind")[:1]
    return tasks.annotate(
        transfer_unit=Subquery(transfers, output_field=models.CharField()),
        support_kind=Subquery(supports, output_field=models.CharField()),
        seed_type=F("process__seed_content_type"),
    )


def subject_text(task):
    """What a task's transfer or support is, in words, for a list row (`with_subjects`), or ""."""
    # Both subqueries read the seed's id; the seed's type says which of them is about this task.
    seed_type = getattr(task, "seed_type", None)
    if seed_type is None:
        return ""
    if seed_type == ContentType.objects.get_for_model(Transfer).pk and task.transfer_unit:
        return f"→ {task.transfer_unit}"
    if seed_type == ContentType.objects.get_for_model(CommercialisationSupport).pk and task.support_kind:
        return str(SupportKind(task.support_kind).label)
    return ""


def visible_process_filter(user, prefix=""):
    """Processes of the results a person sees; of a result's transfers and supports, only those `visible_tracks_q`
    lets them follow (a receiving unit: its own transfers)."""
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}artifact_object_id__in": visible_results(user).values("pk")}) & visible_tracks_q(user, prefix)


def by_due_date(queryset):
    return queryset.order_by(F("work__due_on").asc(nulls_last=True), "-work__priority", "created")


def queue_of(user, flow_class, roles_left_out=()):
    """The tasks waiting to be claimed in the user's agencies' queues, most urgent first.

    Viewflow's `user_queue` also admits tasks without a permission or owned by the user (`OR ... IS NULL OR
    owner_id = me`): none of ours is either, and the OR kept PostgreSQL from any index. Here the queue is read
    from the work items' `workitem_queue` index (agency waiting, due date, priority, arrival) in its own order, so
    a page costs 25 index entries and 25 joins. `roles_left_out`: roles whose work another list shows (a head's
    decisions on the home page).
    """
    tasks = flow_class.task_class._default_manager.filter(flow_task_type="HUMAN", status=STATUS.NEW)
    if user.is_superuser:
        return tasks.filter(process__flow_class=flow_class).order_by(*QUEUE_ORDER)
    waiting = _waiting_in(user, roles_left_out, prefix="work__")
    if waiting is None:
        return tasks.none()
    # Only the work item's columns: the task's status and permission say the same (the triggers keep
    # `waiting_in` to them), but repeating them made PostgreSQL guess a handful of rows, join the whole
    # queue and sort it, instead of reading the index in order.
    return flow_class.task_class._default_manager.filter(waiting).order_by(*QUEUE_ORDER)


def queue_items_of(user):
    """The work items of `queue_of(user, ResultFlow)`, read from the queue index alone (no task joined): what the
    queue counts. None for a superuser, whose queue is every unclaimed task."""
    if user.is_superuser:
        return None
    waiting = _waiting_in(user)
    return WorkItem.objects.filter(waiting) if waiting is not None else WorkItem.objects.none()


def _waiting_in(user, roles_left_out=(), prefix=""):
    """The queue's condition on work items (waiting in one of the person's agencies, for a role they hold there), or
    None when they hold no queue role."""
    roles = {agency: set(r) - set(roles_left_out) for agency, r in queue_roles_of(user).items()}
    roles = {agency: r for agency, r in roles.items() if r}
    if not roles:
        return None
    return reduce(
        or_, (Q(**{f"{prefix}waiting_in": agency, f"{prefix}role__in": sorted(r)}) for agency, r in roles.items())
    )


# The order of the workitem_queue index after its agency: due date (none last), priority, arrival.
QUEUE_ORDER = (F("work__due_on").asc(nulls_last=True), "-work__priority", "work__created_at", "work__task_id")


def column(label, order_by=None):
    """A list column's heading and sort key, where viewflow's list views look for them (as Django's admin `display`)."""

    def declare(method) -> Any:
        method.short_description = label
        if order_by:
            method.orderby_column = order_by
        return method

    return declare


class WorkColumnsMixin:
    """Columns an officer sorts their day by: the result, the agency, the due date (overdue marked), priority."""

    paginator_class = CappedPaginator

    columns = ("task_id", "task_title", "result_title", "agency", "due", "priority", "created")

    @column("#")
    def task_id(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">#{}</a>', url, task.pk)

    @column(_("Công việc"))
    def task_title(self, task):
        about = subject_text(task)
        return format_html("{} · {}", task.flow_task.task_title, about) if about else task.flow_task.task_title

    @column(_("Kết quả"))
    def result_title(self, task):
        work = getattr(task, "work", None)
        if work is None:
            return ""
        return format_html(
            '<a href="/results/{}/">{} · {}</a>', work.result_id, work.result.task.code, work.result.title
        )

    @column(_("Cơ quan xử lý"))
    def agency(self, task):
        work = getattr(task, "work", None)
        return work.agency.short_name or work.agency.name if work else ""

    @column(_("Hạn xử lý"), order_by="work__due_on")
    def due(self, task):
        work = getattr(task, "work", None)
        if work is None or work.due_on is None:
            return ""
        text = work.due_on.strftime("%d/%m/%Y")
        if task.finished is None and work.due_on < timezone.localdate():
            return format_html('<strong class="overdue" style="color:#b3261e">{} · {}</strong>', text, _("Quá hạn"))
        return text

    @column(_("Ưu tiên"), order_by="-work__priority")
    def priority(self, task):
        work = getattr(task, "work", None)
        return work.get_priority_display() if work else ""

    @column(_("Đến lúc"), order_by="created")
    def created(self, task):
        return timezone.localtime(task.created).strftime("%d/%m/%Y %H:%M")


class InboxView(WorkColumnsMixin, flow_views.FlowInboxListView):
    title = _("Việc của tôi")
    filterset_class = WorkTaskFilter

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "flow_class": self.flow_class}

    def get_queryset(self):
        return by_due_date(with_subjects(super().get_queryset().select_related(*LIST_RELATED)))


def _filtering(filterset):
    """Whether the list's filter form narrows the list (any field given a value)."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return False
    return any(value not in (None, "", [], ()) for value in filterset.form.cleaned_data.values())


class QueueView(WorkColumnsMixin, flow_views.FlowQueueListView):
    title = _("Việc chờ nhận của cơ quan")
    filterset_class = WorkTaskFilter

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "flow_class": self.flow_class}

    @viewprop
    def queryset(self):
        return queue_of(self.request.user, self.flow_class)

    def get_paginator(self, queryset, per_page, **kwargs):
        # Unfiltered, the queue is counted on the work items' queue index alone; a filter on the task's own columns
        # (step, arrival, process) is counted on the list itself.
        counted = None if _filtering(self.filterset) else queue_items_of(self.request.user)
        return super().get_paginator(queryset, per_page, counted=counted, **kwargs)

    def get_queryset(self):
        return with_subjects(super().get_queryset().select_related(*LIST_RELATED)).order_by(*QUEUE_ORDER)


class ArchiveView(WorkColumnsMixin, flow_views.FlowArchiveListView):
    title = _("Việc đã làm")
    columns = ("task_id", "task_title", "result_title", "agency", "due", "created", "finished_at")

    @column(_("Xong lúc"), order_by="-finished")
    def finished_at(self, task):
        return timezone.localtime(task.finished).strftime("%d/%m/%Y %H:%M") if task.finished else ""

    filterset_class = ArchiveTaskFilter

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "flow_class": self.flow_class}

    def get_queryset(self):
        return with_subjects(super().get_queryset().select_related(*LIST_RELATED)).order_by("-finished")


class ProcessColumnsMixin:
    """Column names of viewflow's process list in words (viewflow derives "Process id", "Active tasks" from code)."""

    @column(_("Quy trình"))
    def process_id(self, process):
        return super().process_id(process)  # type: ignore[misc]  # a mixin over viewflow's process list view

    @column(_("Việc đang mở"))
    def active_tasks(self, process):
        return process.active_tasks_count


class ScopedProcessListView(ProcessColumnsMixin, flow_views.DashboardProcessListView):
    columns = ("process_id", "result_title", "created", "finished", "active_tasks")

    @column(_("Kết quả"))
    def result_title(self, process):
        return process.result_title

    def get_queryset(self):
        titles = Result.objects.filter(pk=OuterRef("artifact_object_id")).values("title")[:1]
        queryset = super().get_queryset().filter(visible_process_filter(self.request.user))
        return queryset.annotate(result_title=Subquery(titles)).order_by("-created")


OWNER_LABEL = _("Người xử lý")


@column(OWNER_LABEL)
def owner_name(task):
    """The person holding the work by full name (the login only for an account created without one)."""
    return (task.owner.get_full_name() or task.owner.get_username()) if task.owner_id else ""


class ScopedTaskListView(WorkColumnsMixin, flow_views.DashboardTaskListView):
    columns = ("task_id", "task_title", "result_title", "agency", "due", "created", "owner")
    filterset_class = DashboardTaskFilter

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "flow_class": self.flow_class}

    @column(OWNER_LABEL)
    def owner(self, task):
        return owner_name(task)

    def get_queryset(self):
        queryset = super().get_queryset().filter(visible_process_filter(self.request.user, "process__"))
        return with_subjects(queryset.select_related(*LIST_RELATED)).order_by("-created")


# Numbers in a card's address, replaced by each card's own process and task (the URLs take integers; the slashes
# keep the replacement to whole path segments).
_PROCESS, _TASK = 9_876_543_210, 9_876_543_211


def with_card_actions(user, tasks, current_app=None):
    """Each dashboard card's one button (do it, claim it, or look at it) and its address, worked out once per card:
    viewflow's template asked three permission tags and reversed a URL for every card (most of the page's time)."""
    addresses: dict = {}
    for task in tasks:
        node = task.flow_task
        if node.can_execute(user, task):
            action, label = "execute", gettext("Execute")
        elif node.can_assign(user, task):
            action, label = "assign", gettext("Assign")
        elif node.can_view(user, task):
            action, label = "detail", gettext("View")
        else:
            task.card_action = None
            continue
        if (node, action) not in addresses:
            addresses[node, action] = node.reverse(action, args=[_PROCESS, _TASK], current_app=current_app)
        address = (
            addresses[node, action]
            .replace(f"/{_PROCESS}/", f"/{task.process_id}/")
            .replace(f"/{_TASK}/", f"/{task.pk}/")
        )
        task.card_action = (label, address)
    return tasks


class ScopedDashboardView(flow_views.DashboardView):
    """The kanban of open work, limited to results the user may see.

    One query for every column (the first MAX_ROWS open tasks of each step, numbered per step by a window
    function) instead of one per step; the cards' buttons ask about permissions the request memo already holds:
    every task shown is of a result the list was scoped to, and the owners come with the tasks.
    """

    # Ten cards a column (the eleventh says there are more, with a link to all of them): viewflow's 25 made a
    # head's page 800 KB of cards nobody scrolls through.
    MAX_ROWS = 11

    def get_context_data(self, **kwargs):
        user = self.request.user
        sorted_nodes, _edges = chart.topsort(self.flow_class)
        nodes = [node for node in sorted_nodes if node.task_type == "HUMAN"]
        tasks = (
            self.flow_class.task_class._default_manager.filter(process__flow_class=self.flow_class, flow_task__in=nodes)
            .filter(Q(finished__isnull=True) | Q(status=STATUS.ERROR))
            .filter(visible_process_filter(user, "process__"))
            .annotate(
                row=Window(RowNumber(), partition_by=[F("flow_task")], order_by=[F("created").desc(), F("pk").desc()])
            )
            .filter(row__lte=self.MAX_ROWS)
            # the cards name the case, the person and the agency (templates/viewflow/workflow/process_dashboard.html)
            .select_related("process", "owner", "work__agency", "work__result__task")
            .order_by("flow_task", "row")
        )
        by_node: dict[Any, list] = {}
        for task in tasks:
            by_node.setdefault(task.flow_task, []).append(task)
            remember(visibility_key(self.flow_class.instance, user, task.process.artifact_object_id), True)
            # visible_process_filter kept only the transfers and supports the person may follow
            remember(track_visibility_key(user, task.process_id), True)
        with_card_actions(
            user, [task for tasks in by_node.values() for task in tasks], self.request.resolver_match.namespace
        )
        columns = [{"node": node, "node_ref": get_task_ref(node), "tasks": by_node.get(node, [])} for node in nodes]
        context = super(flow_views.DashboardView, self).get_context_data(**kwargs)
        context.update(columns=columns, start_nodes=[], end_nodes=[], finished=[])
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


class WorkspaceViewset(FlowAppViewset):
    """A flow's workspace without the stock menu's inbox and queue."""

    def get_context_data(self, request):
        # Viewflow hands every page of the workspace its stock inbox and queue for a menu we do not show (the site's
        # own menu links them): building the stock queue read the person's permissions twice per page.
        return {}


class AgencyFlowAppViewset(WorkspaceViewset):
    """Viewflow's workspace of the results' flow, with the lists and pages above."""

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
