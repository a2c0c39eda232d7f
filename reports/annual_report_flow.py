"""The annual report as a viewflow process: the agency's reporter drafts, its head approves and submits (or returns
the draft to the reporter with a comment), an officer of Sở KH&CN accepts it or returns it with comments, and a
returned report goes back to the reporter.

Each task's page completes by calling exactly one service of `reports.services` (which fires the report's
state-machine transition and writes the audit event) in the same transaction as the task's completion.
Queues: every task carries the queue permission of the agency and role that must act (`queue_permission`): the
agency's reporter for the draft, its head for the approval, the reviewing Sở's officers for the review; the draft's
node also checks the reporter's membership in the report's own agency before anyone claims it.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow import this
from viewflow.workflow import STATUS, chart, flow, lock
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.views import mixins as flow_mixins

from audit import recorder
from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry.access import holds_role
from tasks_registry.bounds import bound_text_fields
from tasks_registry.errors import ServiceError
from tasks_registry.roles import Role
from workflows.artifacts import ArtifactFlowMixin, latest_process
from workflows.lists import ProcessColumnsMixin, ScopedChartView, WorkspaceViewset, owner_name, with_card_actions
from workflows.nodes import AgencyView
from workflows.permissions import queue_permission
from workflows.task_actions import BulkClaimView, BulkReleaseView, ClaimTaskView, RecordsTaskEvents, ReleaseTaskView

from . import services
from .access import visible_reports
from .forms import ApproveForm, DraftForm, ReviewForm
from .models import AnnualReportProcess, ReportStatus
from .signals import report_opened


class ReportTaskView(flow_mixins.TaskSuccessUrlMixin, flow_mixins.TaskViewTemplateNames, generic.FormView):
    template_filename = "task.html"

    @cached_property
    def report(self):
        return self.request.activation.process.report

    def get_template_names(self):
        return ["reports/task.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(Event.objects.filter(case_key=case_key_for(self.report)).order_by("-seq")[:8])
        context.update(report=self.report, recent_events=events)
        return context

    def get_form(self, form_class=None):
        # The report's free texts and figures get the site's limits here (reports.forms leaves them open).
        return bound_text_fields(super().get_form(form_class))

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.call_service(form)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        self.request.activation.execute()
        messages.success(self.request, _t("Đã cập nhật báo cáo."))
        return HttpResponseRedirect(self.get_success_url())


class DraftView(ReportTaskView):
    form_class = DraftForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def call_service(self, form):
        services.save_draft(self.report, actor=self.request.user, agency=self.report.agency, **form.service_arguments())


class ApproveView(ReportTaskView):
    form_class = ApproveForm

    def call_service(self, form):
        if form.cleaned_data["decision"] == "send_back_to_reporter":
            services.send_back_to_reporter(
                self.report, actor=self.request.user, agency=self.report.agency, comment=form.cleaned_data["comment"]
            )
            return
        step = services.resubmit if self.report.status == ReportStatus.RETURNED else services.approve_and_submit
        step(self.report, actor=self.request.user, agency=self.report.agency, comment=form.cleaned_data["comment"])


class ReviewView(ReportTaskView):
    form_class = ReviewForm

    def call_service(self, form):
        step = getattr(services, form.cleaned_data["decision"])
        step(self.report, actor=self.request.user, agency=self.report.reviewer, comment=form.cleaned_data["comment"])


def _record_task_event(task, action, actor, changes):
    report = AnnualReportProcess.objects.get(pk=task.process_id).report
    with transaction.atomic():
        recorder.record(
            case=report,
            obj=task,
            action=action,
            actor=actor,
            agency=None,
            changes={"task": [None, {"id": task.pk, "node": task.flow_task.name}], **changes},
        )


class ReportTaskEvents(RecordsTaskEvents):
    def record_event(self, task, action, actor, changes):
        _record_task_event(task, action, actor, changes)


class ReportClaimView(ReportTaskEvents, ClaimTaskView):
    pass


class ReportReleaseView(ReportTaskEvents, ReleaseTaskView):
    pass


class ReportBulkClaimView(ReportTaskEvents, BulkClaimView):
    """Claim several report tasks from one's queue; each is checked on its own and recorded in its report."""


class ReportBulkReleaseView(ReportTaskEvents, BulkReleaseView):
    """Release several of one's own report tasks; nobody else's can be listed or released this way."""


class ReportNode(AgencyView):
    """An agency's task on a report: claims and releases are recorded in the report's history."""

    assign_view_class = ReportClaimView
    unassign_view_class = ReportReleaseView
    reassign_view_class = None


class ReporterView(ReportNode):
    """The draft: claimed only by a reporter of the report's own agency (the membership itself is checked, besides
    the queue permission)."""

    def can_assign(self, user, task):
        if not self._own(task) or task.owner_id or not user.is_authenticated:
            return False
        report = task.process.flow_class.process_class.objects.get(pk=task.process_id).report
        return holds_role(user, report.agency, (Role.REPORTER,))


def _agency_permission(role, reviewer=False):
    def permission(activation):
        report = activation.process.report
        agency = report.reviewer if reviewer else report.agency
        return queue_permission(agency.pk, role)

    return permission


class AnnualReportFlow(ArtifactFlowMixin, flow.Flow):
    process_class = AnnualReportProcess
    lock_impl = lock.SelectForUpdateLock(nowait=False)
    process_title = _("Báo cáo hằng năm")
    process_description = _("Cơ quan lập, lãnh đạo duyệt và gửi, Sở KH&CN tiếp nhận hoặc trả lại.")
    process_summary_template = "{{ process.report }}"

    start = flow.StartHandle(this.start_for_report).Next(this.draft)

    draft = (
        ReporterView(DraftView.as_view())
        .Annotation(title=_("Lập báo cáo"))
        .Permission(_agency_permission(Role.REPORTER))
        .Next(this.approve)
    )
    approve = (
        ReportNode(ApproveView.as_view())
        .Annotation(title=_("Duyệt và gửi báo cáo"))
        .Permission(_agency_permission(Role.HEAD))
        .Next(this.check_approval)
    )
    check_approval = (
        flow.If(lambda activation: activation.process.report.status == ReportStatus.SUBMITTED)
        .Annotation(title=_("Đã gửi Sở KH&CN?"))
        .Then(this.review)
        .Else(this.draft)
    )
    review = (
        ReportNode(ReviewView.as_view())
        .Annotation(title=_("Tiếp nhận báo cáo"))
        .Permission(_agency_permission(Role.OFFICER, reviewer=True))
        .Next(this.check_review)
    )
    check_review = (
        flow.If(lambda activation: activation.process.report.status == ReportStatus.ACCEPTED)
        .Annotation(title=_("Đã tiếp nhận?"))
        .Then(this.end)
        .Else(this.draft)
    )
    end = flow.End()

    def may_open_workspace(self, user):
        from reports.access import may_use_reports

        return may_use_reports(user)

    def visible_artifacts(self, user):
        return visible_reports(user)

    def start_for_report(self, activation, report):
        return self.start_with(activation, report)


@receiver(report_opened, dispatch_uid="annual_report_flow_start")
def start_report_process(sender, report, **kwargs):
    AnnualReportFlow.start.run(report=report)


def process_of(report):
    return latest_process(AnnualReportProcess, report)


def open_task_of(report):
    process = process_of(report)
    if process is None:
        return None
    return (
        AnnualReportFlow.task_class.objects.filter(
            process=process, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        .order_by("-pk")
        .first()
    )


def _visible_filter(user, prefix=""):
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}artifact_object_id__in": visible_reports(user).values("pk")})


class ReportProcessListView(ProcessColumnsMixin, flow_views.DashboardProcessListView):
    columns = ("process_id", "report", "created", "finished", "active_tasks")

    def report(self, process):
        report = process.artifact
        return f"{report.agency.name} · {report.year}" if report is not None else ""

    report.short_description = _("Báo cáo")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(_visible_filter(self.request.user))
            .prefetch_related("artifact__agency")
            .order_by("-created")
        )


class ReportDashboardView(flow_views.DashboardView):
    def get_context_data(self, **kwargs):
        tasks = (
            self.flow_class.task_class._default_manager.filter(process__flow_class=self.flow_class)
            .filter(_visible_filter(self.request.user, "process__"))
            .select_related("process")
        )
        sorted_nodes, _edges = chart.topsort(self.flow_class)
        columns = [
            {
                "node": node,
                "node_ref": get_task_ref(node),
                "tasks": with_card_actions(
                    self.request.user,
                    list(
                        tasks.filter(Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=node)[: self.MAX_ROWS]
                    ),
                    self.request.resolver_match.namespace,
                ),
            }
            for node in sorted_nodes
            if node.task_type == "HUMAN"
        ]
        context = super(flow_views.DashboardView, self).get_context_data(**kwargs)
        context.update(columns=columns, start_nodes=[], end_nodes=[], finished=tasks.none())
        return context


class ReportColumnsMixin:
    """The annual report's work lists read like the result flow's: the work, the report (agency and year), dates."""

    columns = ("task_id", "task_title", "report", "created")

    def task_id(self, task):
        return format_html(
            '<a href="{}">#{}</a>', task.flow_task.reverse("index", args=[task.process_id, task.pk]), task.pk
        )

    task_id.short_description = "#"

    def task_title(self, task):
        return task.flow_task.task_title

    task_title.short_description = _("Công việc")

    def report(self, task):
        report = task.process.artifact
        if report is None:
            return ""
        return format_html(
            '<a href="{}">{} · {}</a>', reverse("reports:detail", args=[report.pk]), report.agency.name, report.year
        )

    report.short_description = _("Báo cáo")

    def created(self, task):
        return timezone.localtime(task.created).strftime("%d/%m/%Y %H:%M")

    created.short_description = _("Đến lúc")
    created.orderby_column = "created"

    def finished_at(self, task):
        return timezone.localtime(task.finished).strftime("%d/%m/%Y %H:%M") if task.finished else ""

    finished_at.short_description = _("Xong lúc")
    finished_at.orderby_column = "-finished"

    def get_queryset(self):
        return super().get_queryset().select_related("process").prefetch_related("process__artifact__agency")


class ReportTaskListView(ReportColumnsMixin, flow_views.DashboardTaskListView):
    columns = ("task_id", "task_title", "report", "created", "owner")

    def owner(self, task):
        return owner_name(task)

    owner.short_description = owner_name.short_description

    def get_queryset(self):
        return super().get_queryset().filter(_visible_filter(self.request.user, "process__")).order_by("-created")


class ReportInboxView(ReportColumnsMixin, flow_views.FlowInboxListView):
    title = _("Việc của tôi")


class ReportQueueView(ReportColumnsMixin, flow_views.FlowQueueListView):
    title = _("Việc chờ nhận của cơ quan")


class ReportArchiveView(ReportColumnsMixin, flow_views.FlowArchiveListView):
    title = _("Việc đã làm")
    columns = ("task_id", "task_title", "report", "created", "finished_at")


class AnnualReportViewset(WorkspaceViewset):
    inbox_view_class = ReportInboxView
    queue_view_class = ReportQueueView
    archive_view_class = ReportArchiveView
    tasks_assign_view_class = ReportBulkClaimView
    tasks_unassign_view_class = ReportBulkReleaseView
    chart_view_class = ScopedChartView
    process_list_view_class = ReportProcessListView
    task_list_view_class = ReportTaskListView
    dashboard_view_class = ReportDashboardView
