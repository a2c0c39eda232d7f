"""The only code that changes an annual report.

Each service runs in one transaction: it locks the report, checks the person holds the right role in the agency that
must act (the reporting agency's reporter or head; an officer or head of the consolidating Sở KH&CN), fires one
transition and appends the audit event (case = the report). Errors are translated `ServiceError`s; nothing is
written when one is raised.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from audit import recorder
from tasks_registry.access import holds_role
from tasks_registry.errors import InvalidInput, NotPermitted, StepNotAllowed
from tasks_registry.models import Agency, AgencyKind
from tasks_registry.roles import Role
from tasks_registry.scoping import province_agency_ids

from . import signals
from .figures import registry_figures
from .models import AnnualReport, Indicator, PlanTask, PlanTaskProgress, ReportingSettings, ReportStatus

REVIEW_ROLES = (Role.OFFICER, Role.HEAD)
AUDITED_FIELDS = ("status", "figures", "manual_figures", "difficulties", "proposals", "submitted_at", "late",
                  "approved_by_id", "accepted_by_id", "accepted_at", "return_comment")


def _snapshot(report):
    return {name: getattr(report, name) for name in AUDITED_FIELDS}


def _lock(report):
    pk = report.pk if isinstance(report, AnnualReport) else report
    try:
        return AnnualReport.objects.select_for_update(of=("self",)).select_related("agency", "reviewer").get(pk=pk)
    except AnnualReport.DoesNotExist:
        raise InvalidInput(_("Không tìm thấy báo cáo."), field="report") from None


def _require_role(actor, agency, roles):
    if not holds_role(actor, agency, roles):
        names = ", ".join(str(Role(role).label) for role in roles)
        raise NotPermitted(
            _("Bạn cần vai trò %(roles)s tại %(agency)s để thực hiện việc này.") % {"roles": names, "agency": agency}
        )


def _fire(report, name, label):
    if not can_proceed(getattr(report, name)):
        raise StepNotAllowed(
            _("Không thể «%(step)s» khi báo cáo đang ở trạng thái «%(status)s».")
            % {"step": label, "status": report.get_status_display()}
        )
    getattr(report, name)()


def _save_and_record(report, before, action, actor, agency, comment=""):
    try:
        report.save()
    except ConcurrentTransition:
        raise StepNotAllowed(_("Báo cáo vừa được người khác xử lý; hãy tải lại trang.")) from None
    changes = recorder.diff(before, _snapshot(report))
    recorder.record(case=report, action=f"report.{action}", actor=actor, agency=agency, changes=changes, comment=comment)
    signals.report_changed.send(sender=AnnualReport, report=report, action=action, comment=comment)
    return report


def _plans_of(province):
    """Plans of the province and of the former provinces it carries (none of another province's)."""
    if province is None:
        return Q(plan__province__isnull=True)
    return Q(plan__province_id__in=province.lineage_ids())


def reporting_agencies(year, province=None):
    """Agencies that lead or coordinate a task of a plan of `province` in force in `year`."""
    tasks = PlanTask.objects.filter(_plans_of(province), plan__start_year__lte=year, plan__end_year__gte=year)
    return Agency.objects.filter(
        Q(pk__in=tasks.values("lead_agency")) | Q(pk__in=tasks.values("coordinating_agencies"))
    ).distinct()


def open_reports(year, *, actor, agency):
    """The consolidating Sở KH&CN opens this year's reports: one per agency with plan tasks, prefilled."""
    settings = ReportingSettings.for_agency(agency)
    province = settings.province
    if settings.consolidator_id and (agency is None or settings.consolidator_id != agency.pk):
        raise NotPermitted(_("Chỉ %(agency)s mở kỳ báo cáo hằng năm.") % {"agency": settings.consolidator})
    if not settings.consolidator_id and (agency is None or agency.kind != AgencyKind.DEPARTMENT):
        # Until an administrator names the consolidating agency, only a department (sở) may open the round.
        raise NotPermitted(_("Bạn cần vai trò %(roles)s tại %(agency)s để thực hiện việc này.")
                           % {"roles": Role.OFFICER.label, "agency": agency or "—"})
    _require_role(actor, agency, REVIEW_ROLES)
    deadline = settings.deadline(year)
    opened = []
    with transaction.atomic():
        existing = set(AnnualReport.objects.filter(year=year).values_list("agency_id", flat=True))
        own_agencies = province_agency_ids(province) if province is not None else None
        for reporting in reporting_agencies(year, province).order_by("pk"):
            if reporting.pk in existing:
                continue
            report = AnnualReport.objects.create(
                agency=reporting, reviewer=agency, year=year, deadline=deadline,
                figures=registry_figures(reporting, year, intermediaries=reporting.pk == agency.pk,
                                         agencies=own_agencies),
            )
            led = PlanTask.objects.filter(_plans_of(province), plan__start_year__lte=year, plan__end_year__gte=year,
                                          lead_agency=reporting)
            PlanTaskProgress.objects.bulk_create([PlanTaskProgress(report=report, plan_task=task) for task in led])
            recorder.record(case=report, action="report.open", actor=actor, agency=agency,
                            changes={"status": [None, report.status], "figures": [None, report.figures]})
            signals.report_opened.send(sender=AnnualReport, report=report)
            opened.append(report)
    return opened


def _clean_manual(values):
    manual = {}
    codes = set(Indicator.objects.filter(computed_from_registry=False).values_list("code", flat=True))
    for code, value in (values or {}).items():
        if code not in codes:
            raise InvalidInput(_("Chỉ tiêu «%(code)s» không nhập tay được.") % {"code": code}, field=code)
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise InvalidInput(_("Số liệu phải là một số."), field=code) from None
        if number < 0:
            raise InvalidInput(_("Số liệu không được âm."), field=code)
        manual[code] = int(number) if number == number.to_integral_value() else float(number)
    return manual


def save_draft(report, *, actor, agency, manual_figures=None, progress=None, difficulties=None, proposals=None,
               comment=""):
    """The agency's reporter fills in the draft (or corrects a returned report); the state does not change."""
    with transaction.atomic():
        report = _lock(report)
        if agency is None or agency.pk != report.agency_id:
            raise NotPermitted(_("Chỉ %(agency)s soạn báo cáo này.") % {"agency": report.agency})
        _require_role(actor, agency, (Role.REPORTER,))
        if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
            raise StepNotAllowed(
                _("Không thể sửa báo cáo đang ở trạng thái «%(status)s».") % {"status": report.get_status_display()}
            )
        before = _snapshot(report)
        if manual_figures is not None:
            report.manual_figures = _clean_manual(manual_figures)
        if difficulties is not None:
            report.difficulties = difficulties.strip()
        if proposals is not None:
            report.proposals = proposals.strip()
        changed_rows = {}
        for row in report.task_rows.select_related("plan_task"):
            if progress and row.plan_task_id in progress and progress[row.plan_task_id] != row.progress:
                changed_rows[row.plan_task.number] = [row.progress, progress[row.plan_task_id].strip()]
                row.progress = progress[row.plan_task_id].strip()
                row.save(update_fields=["progress"])
        report.save()
        changes = recorder.diff(before, _snapshot(report))
        if changed_rows:
            changes["progress"] = changed_rows
        recorder.record(case=report, action="report.save_draft", actor=actor, agency=agency, changes=changes,
                        comment=comment)
    return report


def _mark_submitted(report, actor):
    now = timezone.now()
    report.submitted_at = now
    report.late = report.late or timezone.localdate(now) > report.deadline
    report.approved_by = actor


def _head_sends(report, transition, label, action, *, actor, agency, comment):
    with transaction.atomic():
        report = _lock(report)
        if agency is None or agency.pk != report.agency_id:
            raise NotPermitted(_("Chỉ lãnh đạo của %(agency)s duyệt và gửi báo cáo này.") % {"agency": report.agency})
        _require_role(actor, agency, (Role.HEAD,))
        before = _snapshot(report)
        _fire(report, transition, label)
        _mark_submitted(report, actor)
        return _save_and_record(report, before, action, actor, agency, comment)


def approve_and_submit(report, *, actor, agency, comment=""):
    """The agency's head approves the draft and sends it to Sở KH&CN."""
    return _head_sends(report, "submit", _("duyệt và gửi báo cáo"), "approve_and_submit",
                       actor=actor, agency=agency, comment=comment)


def resubmit(report, *, actor, agency, comment=""):
    """The agency's head sends the corrected report again."""
    return _head_sends(report, "resubmit", _("gửi lại báo cáo"), "resubmit", actor=actor, agency=agency, comment=comment)


def _check_reviewer(report, actor, agency):
    if agency is None or agency.pk != report.reviewer_id:
        raise NotPermitted(_("Báo cáo này do %(agency)s tiếp nhận.") % {"agency": report.reviewer})
    _require_role(actor, agency, REVIEW_ROLES)


def accept(report, *, actor, agency, comment=""):
    with transaction.atomic():
        report = _lock(report)
        _check_reviewer(report, actor, agency)
        before = _snapshot(report)
        _fire(report, "accept", _("tiếp nhận báo cáo"))
        report.accepted_by, report.accepted_at = actor, timezone.now()
        return _save_and_record(report, before, "accept", actor, agency, comment)


def return_with_comments(report, *, actor, agency, comment):
    with transaction.atomic():
        report = _lock(report)
        _check_reviewer(report, actor, agency)
        if not (comment or "").strip():
            raise InvalidInput(_("Cần ghi rõ nội dung cần chỉnh sửa."), field="comment")
        before = _snapshot(report)
        _fire(report, "return_with_comments", _("trả lại báo cáo"))
        report.return_comment = comment.strip()
        return _save_and_record(report, before, "return_with_comments", actor, agency, comment)
