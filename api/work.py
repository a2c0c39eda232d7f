"""Work items through the API, taken exactly as the task pages take them.

Each action runs as viewflow's task views run (viewflow.workflow.flow.utils.wrap_task_view / wrap_view): inside
the flow's process lock and one transaction, the node's own permission check, the activation's transition, and the
same audit event as the page (`task_actions.record_task_event`, `annual_report_flow._record_task_event`). Completing
a result's task calls one registry service with the page's own form (`workflows.forms.WorkForm`); a report's task
calls one `reports.services` function with the report pages' forms. Nothing here changes state any other way.

Which tasks a person may see at all: those of processes whose result or report they may see (the selectors), so a
task of another agency or province is a 404, as its result is.
"""

from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from viewflow.workflow import STATUS

from reports import services as report_services
from reports.access import visible_reports
from reports.annual_report_flow import AnnualReportFlow
from reports.annual_report_flow import _record_task_event as record_report_task_event
from reports.forms import ApproveForm, DraftForm, ReviewForm
from reports.models import ReportStatus
from tasks_registry import services
from tasks_registry.access import holds_role
from tasks_registry.bounds import bound_text_fields
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import RESULT, STEPS
from tasks_registry.models import Transfer
from tasks_registry.selectors import visible_results
from workflows.completion import completing_task
from workflows.flows import ResultFlow
from workflows.forms import WorkForm
from workflows.pending import WORKS
from workflows.task_actions import record_task_event

from .errors import from_service_error

FLOWS = {"result": ResultFlow, "annual_report": AnnualReportFlow}
RELATED = (
    "process",
    "process__seed_content_type",
    "owner",
    "work",
    "work__agency",
    "work__result",
    "work__result__task",
)


def flow_of(task):
    return ResultFlow if task.process.flow_class is ResultFlow else AnnualReportFlow


def visible_tasks(user):
    """Human tasks of the results and reports the person may see (superusers: all)."""
    tasks = ResultFlow.task_class.objects.filter(flow_task_type="HUMAN")
    if user.is_superuser:
        return tasks
    return tasks.filter(
        Q(process__flow_class=ResultFlow, process__artifact_object_id__in=visible_results(user).values("pk"))
        | Q(process__flow_class=AnnualReportFlow, process__artifact_object_id__in=visible_reports(user).values("pk"))
    )


def inbox(user):
    return visible_tasks(user).filter(owner=user, status=STATUS.ASSIGNED)


def queue(user):
    return visible_tasks(user).user_queue(user).filter(status=STATUS.NEW)


def archive(user):
    return visible_tasks(user).filter(owner=user, finished__isnull=False)


def task_for(user, pk):
    return get_object_or_404(visible_tasks(user).select_related("process", "owner"), pk=pk)


def artifact_of(task):
    flow = flow_of(task)
    process = flow.process_class.objects.get(pk=task.process_id)
    return process.result if flow is ResultFlow else process.report


def _record(flow, task, action, actor, changes, comment=""):
    if flow is ResultFlow:
        record_task_event(task, action, actor, changes, comment)
    else:
        record_report_task_event(task, action, actor, changes)


def _in_lock(user, pk, action):
    """Run `action(task, activation, flow)` as viewflow's POST task views do: process lock, one transaction."""
    task = task_for(user, pk)
    flow = flow_of(task)
    with flow.lock(task.process_id), transaction.atomic():
        task = flow.task_class.objects.select_related("process", "owner").get(pk=task.pk)
        activation = task.flow_task.activation_class(task)
        return action(task, activation, flow)


def claim(user, pk):
    def action(task, activation, flow):
        if task.status != STATUS.NEW or not task.flow_task.can_assign(user, task):
            raise exceptions.PermissionDenied(
                _("Bạn không thể nhận công việc này (không thuộc quyền của bạn hoặc đã có người nhận).")
            )
        activation.assign(user)
        _record(flow, activation.task, "task.claimed", user, {"owner": [None, user.get_username()]})
        return activation.task

    return _in_lock(user, pk, action)


def release(user, pk):
    def action(task, activation, flow):
        if task.status != STATUS.ASSIGNED or not task.flow_task.can_unassign(user, task):
            raise exceptions.PermissionDenied(_("Bạn không thể trả lại công việc này."))
        previous = task.owner.get_username() if task.owner else None
        activation.unassign()
        _record(flow, activation.task, "task.released", user, {"owner": [previous, None]})
        return activation.task

    return _in_lock(user, pk, action)


def reassign(user, pk, new_owner_id, comment=""):
    from workflows.signals import task_assigned
    from workflows.task_actions import ReassignForm

    def action(task, activation, flow):
        if (
            flow is not ResultFlow
            or not task.flow_task.can_reassign(user, task)
            or task.status not in (STATUS.NEW, STATUS.ASSIGNED)
        ):
            raise exceptions.PermissionDenied(_("Chỉ lãnh đạo của cơ quan xử lý giao được công việc này."))
        form = ReassignForm({"owner": new_owner_id, "comment": comment}, agency=task.work.agency)
        if not form.is_valid():
            raise exceptions.ValidationError({"user" if k == "owner" else k: v for k, v in form.errors.items()})
        previous = task.owner.get_username() if task.owner else None
        new_owner = form.cleaned_data["owner"]
        if task.owner_id is None:
            activation.assign(new_owner)
        else:
            activation.reassign(user=new_owner)
        _record(
            flow,
            activation.task,
            "task.reassigned",
            user,
            {"owner": [previous, new_owner.get_username()]},
            form.cleaned_data["comment"],
        )
        task_assigned.send(
            sender=type(task), task=activation.task, owner=new_owner, by=user, comment=form.cleaned_data["comment"]
        )
        return activation.task

    return _in_lock(user, pk, action)


def steps_for(user, task):
    """The steps of a result's task the person may take (the task page's own rule; the service checks again)."""
    work = WORKS[task.flow_task.name]
    agency = task.work.agency
    return [name for name in work.steps if any(holds_role(user, agency, roles) for party, roles in STEPS[name].actors)]


def _form_errors(form):
    errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    rows = getattr(form, "documents", None)  # a task's dossier; report forms have none
    if rows is None:
        return errors
    # The dossier's rows answer under the API's own names of their parts.
    for row in rows:
        for field, messages in row.errors.items():
            name = {"file": "document", "kind": "document_kind"}.get(field, field)
            errors.setdefault(name, []).extend(str(message) for message in messages)
    errors_of_rows = [str(message) for message in rows.non_form_errors()]
    if errors_of_rows:
        errors.setdefault("document", []).extend(errors_of_rows)
    return errors


def _complete_result_task(user, task, activation, data, files):
    result = activation.process.result
    data, files = _dossier_rows(data, files)
    form = WorkForm(data, files, steps=steps_for(user, task), result=result)
    if not form.is_valid():
        raise exceptions.ValidationError(_form_errors(form))
    step, agency = form.cleaned_data["step"], task.work.agency
    service = services.service_for(step)
    arguments = form.service_arguments(service)
    subject = activation.process.subject
    if STEPS[step].subject != RESULT:
        arguments["subject"] = subject
    with transaction.atomic(), completing_task(activation.process):
        service(
            result,
            actor=user,
            agency=agency,
            comment=form.cleaned_data.get("comment", ""),
            **arguments,
        )
        for kind, uploaded_file in form.attachments():
            services.attach_document(
                result,
                actor=user,
                agency=agency,
                kind=kind,
                uploaded_file=uploaded_file,
                transfer=subject if isinstance(subject, Transfer) else None,
            )
    return step


def _dossier_rows(data, files):
    """The API's `document` / `document_kind` parts (each may be repeated, in the same order) as the task page's
    dossier rows."""
    uploads = files.getlist("document") if hasattr(files, "getlist") else list(filter(None, [files.get("document")]))
    if not uploads:
        return data, files
    kinds = data.getlist("document_kind") if hasattr(data, "getlist") else [data.get("document_kind")]
    rows = {"documents-TOTAL_FORMS": str(len(uploads)), "documents-INITIAL_FORMS": "0"}
    row_files = {}
    for number, upload in enumerate(uploads):
        rows[f"documents-{number}-kind"] = kinds[number] if number < len(kinds) and kinds[number] else ""
        row_files[f"documents-{number}-file"] = upload
    plain = {key: data.get(key) for key in data if key not in ("document_kind",)}
    return {**plain, **rows}, row_files


def draft_data(values):
    """Values for the report's draft form from JSON or from the form's own initial values: numbers written the way
    the form reads them ("1.500.000", "12,5"), since a JSON 12.5 would read as 125 there; None as blank."""
    from decimal import Decimal

    from tasks_registry.numbers import format_number

    def one(value):
        if value is None:
            return ""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return format_number(value)
        return value

    return {key: one(value) for key, value in values.items()}


def _complete_report_task(user, task, activation, data, files):
    report = activation.process.report
    node = task.flow_task.name
    if node == "draft":
        form = bound_text_fields(DraftForm(draft_data(data), report=report))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        report_services.save_draft(report, actor=user, agency=report.agency, **form.service_arguments())
        return "save_draft"
    if node == "approve":
        form = bound_text_fields(ApproveForm(data))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        if form.cleaned_data["decision"] == "send_back_to_reporter":
            report_services.send_back_to_reporter(
                report, actor=user, agency=report.agency, comment=form.cleaned_data["comment"]
            )
            return "send_back_to_reporter"
        step = (
            report_services.resubmit if report.status == ReportStatus.RETURNED else report_services.approve_and_submit
        )
        step(report, actor=user, agency=report.agency, comment=form.cleaned_data["comment"])
        return step.__name__
    form = bound_text_fields(ReviewForm(data))
    if not form.is_valid():
        raise exceptions.ValidationError(_form_errors(form))
    decision = form.cleaned_data["decision"]
    getattr(report_services, decision)(report, actor=user, agency=report.reviewer, comment=form.cleaned_data["comment"])
    return decision


def complete(user, pk, data, files=None, *, claim_first=False, node=None):
    """Take a step of the task the person holds (or, with `claim_first`, may claim) and complete the task.

    A refused step (a service's error, an invalid field) rolls everything back: the task stays open and held.
    """

    def action(task, activation, flow):
        if node is not None and task.flow_task.name not in node:
            raise exceptions.PermissionDenied(_("Báo cáo đang không chờ bước này."))
        if claim_first and task.status == STATUS.NEW and task.flow_task.can_assign(user, task):
            activation.assign(user)
            _record(flow, activation.task, "task.claimed", user, {"owner": [None, user.get_username()]})
        if task.status != STATUS.ASSIGNED or not task.flow_task.can_execute(user, task):
            raise exceptions.PermissionDenied(
                _("Hãy nhận công việc này trước khi xử lý (chỉ người đang giữ việc mới xử lý được).")
            )
        activation.start(None)
        try:
            if flow is ResultFlow:
                step = _complete_result_task(user, task, activation, data, files)
            else:
                step = _complete_report_task(user, task, activation, data, files)
        except ServiceError as error:
            raise from_service_error(error) from None
        activation.execute()
        return activation.task, step

    return _in_lock(user, pk, action)
