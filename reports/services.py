"""The only code that changes an annual report.

Each service runs in one transaction: it locks the report, checks the person holds the right role in the agency that
must act (the reporting agency's reporter or head; an officer or head of the consolidating Sở KH&CN), fires one
transition and appends the audit event (case = the report). Errors are translated `ServiceError`s; nothing is
written when one is raised.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from audit import recorder
from tasks_registry.access import holds_role
from tasks_registry.errors import InvalidInput, NotPermitted, StepNotAllowed
from tasks_registry.models import Agency
from tasks_registry.numbers import NumberError, parse_number, to_json
from tasks_registry.roles import WORKING_ROLES, Role

from . import scope, signals
from .figures import registry_figures, registry_indicators
from .models import AnnualReport, Indicator, PlanTaskProgress, ReportRound, ReportStatus

REVIEW_ROLES = WORKING_ROLES
AUDITED_FIELDS = (
    "status",
    "figures",
    "manual_figures",
    "figure_notes",
    "difficulties",
    "proposals",
    "submitted_at",
    "late",
    "approved_by_id",
    "accepted_by_id",
    "accepted_at",
    "return_comment",
    "returned_by_head",
)


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
    recorder.record(
        case=report, action=f"report.{action}", actor=actor, agency=agency, changes=changes, comment=comment
    )
    signals.report_changed.send(sender=AnnualReport, report=report, action=action, comment=comment)
    return report


def successor_on(agency, day):
    """The agency that holds `agency`'s duties on `day`: itself while active, else its successor's (followed along
    the chain of mergers), or None when it ended without one."""
    seen = set()
    while agency is not None and agency.pk not in seen:
        seen.add(agency.pk)
        if agency.active_from <= day and (agency.active_to is None or day <= agency.active_to):
            return agency
        agency = agency.successor
    return None


def _duty_day(year):
    """Whose duties count for `year`: those active at its end, or today for the running year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def plan_tasks_in(plan, year):
    """The plan's tasks whose timeline covers `year` ("Năm 2023" only in 2023; "Thường xuyên" every plan year)."""
    if plan is None:
        return []
    return [task for task in plan.tasks.select_related("lead_agency__successor", "plan") if task.runs_in(year)]


def led_tasks(plan, year):
    """{agency id: [plan tasks]} of the agencies leading the year's tasks, a merged lead's passed to its successor."""
    day = _duty_day(year)
    leads: dict[int, list] = {}
    for task in plan_tasks_in(plan, year):
        lead = successor_on(task.lead_agency, day)
        if lead is not None:
            leads.setdefault(lead.pk, []).append(task)
    return leads


def reporting_agencies(plan, year, *, within=None):
    """Who reports on `plan` for `year`: the kinds of agency its reporting clause names (data on the plan), active
    in that year, in the plan's province, except the issuer the reports go to; and whoever leads one of the year's
    plan tasks (a merged lead's duty passes to its successor)."""
    if plan is None:
        return Agency.objects.none()
    day = _duty_day(year)
    within = within if within is not None else scope.agencies_under(plan.issuer, plan.province)
    named = within.filter(kind__in=plan.reporting_kinds or []).active(day).exclude(pk=plan.issuer_id)
    return Agency.objects.filter(Q(pk__in=named.values("pk")) | Q(pk__in=list(led_tasks(plan, year)))).distinct()


def prefill(report_agency, year, *, plan, consolidator):
    """The registry's figures an agency answers for (its hosted and managed results)."""
    province = scope.province_scope(year, plan=plan)
    return registry_figures(
        province.for_agency(report_agency),
        indicators=registry_indicators(plan),
        intermediaries=report_agency.pk == consolidator.pk,
    )


def open_reports(year, *, actor, agency, subject="", deadline=None, ad_hoc=False, plan=None):
    """The consolidating Sở KH&CN opens a round: the year's (once) or an ad-hoc one with its own subject and deadline;
    one prefilled draft per agency that must report (`reporting_agencies`)."""
    settings = scope.settings_for(agency=agency)
    if not settings.consolidator_id:
        raise NotPermitted(
            _(
                "Chưa chọn cơ quan tổng hợp báo cáo (Sở KH&CN) trong thiết lập báo cáo hằng năm; "
                "quản trị viên cần chọn trước khi mở kỳ báo cáo."
            )
        )
    if agency is None or settings.consolidator_id != agency.pk:
        raise NotPermitted(_("Chỉ %(agency)s mở kỳ báo cáo hằng năm.") % {"agency": settings.consolidator})
    _require_role(actor, agency, REVIEW_ROLES)
    if not 2000 <= int(year) <= 2100:
        raise InvalidInput(_("Năm báo cáo phải từ 2000 đến 2100."), field="year")
    plan = plan or scope.plan_for(year, settings, settings.province)
    if ad_hoc and not (subject or "").strip():
        raise InvalidInput(_("Cần ghi nội dung yêu cầu báo cáo đột xuất."), field="subject")
    if ad_hoc and deadline is None:
        raise InvalidInput(_("Cần ghi hạn nộp báo cáo đột xuất."), field="deadline")
    opened = []
    with transaction.atomic():
        if ad_hoc:
            round_ = ReportRound.objects.create(
                reviewer=agency,
                plan=plan,
                year=year,
                ad_hoc=True,
                subject=subject.strip(),
                deadline=deadline,
                opened_by=actor,
            )
        else:
            round_, _created = ReportRound.objects.get_or_create(
                reviewer=agency,
                year=year,
                ad_hoc=False,
                defaults={
                    "plan": plan,
                    "deadline": deadline or settings.deadline(year),
                    "opened_by": actor,
                    "subject": _("Báo cáo tình hình thực hiện kế hoạch năm %(year)s") % {"year": year},
                },
            )
        existing = set(round_.reports.values_list("agency_id", flat=True))
        leads = led_tasks(plan, year)
        for reporting in reporting_agencies(plan, year).order_by("pk"):
            if reporting.pk in existing:
                continue
            report = AnnualReport.objects.create(
                round=round_,
                agency=reporting,
                reviewer=agency,
                year=year,
                deadline=round_.deadline,
                figures=prefill(reporting, year, plan=plan, consolidator=agency),
            )
            PlanTaskProgress.objects.bulk_create(
                [PlanTaskProgress(report=report, plan_task=task) for task in leads.get(reporting.pk, [])]
            )
            recorder.record(
                case=report,
                action="report.open",
                actor=actor,
                agency=agency,
                changes={
                    "status": [None, report.status],
                    "figures": [None, report.figures],
                    "round": [None, round_.subject],
                },
            )
            signals.report_opened.send(sender=AnnualReport, report=report)
            opened.append(report)
    return opened


def _clean_manual(values, figures):
    """Manual figures checked against their indicator's kind: percentages 0–100, yes/no 0 or 1, nothing negative.
    Registry figures may be corrected too (the caller asks for a note)."""
    manual = {}
    indicators = {i.code: i for i in Indicator.objects.all()}
    for code, value in (values or {}).items():
        indicator = indicators.get(code)
        if indicator is None or not (indicator.is_manual or code in figures):
            raise InvalidInput(_("Chỉ tiêu «%(code)s» không nhập tay được.") % {"code": code}, field=code)
        if value in (None, ""):
            continue
        try:
            number = value if isinstance(value, Decimal) else parse_number(str(value))
        except NumberError as error:
            raise InvalidInput(error.message, field=code) from None
        if number is None:
            continue
        if number < 0:
            raise InvalidInput(_("Số liệu không được âm."), field=code)
        if indicator.is_percent and number > 100:
            raise InvalidInput(_("Tỷ lệ phải từ 0 đến 100%."), field=code)
        if indicator.is_flag and number not in (0, 1):
            raise InvalidInput(_("Chọn Có hoặc Không."), field=code)
        manual[code] = to_json(number)
    return manual


def save_draft(
    report,
    *,
    actor,
    agency,
    manual_figures=None,
    progress=None,
    difficulties=None,
    proposals=None,
    notes=None,
    comment="",
):
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
            manual = _clean_manual(manual_figures, report.figures)
            notes = {code: (text or "").strip() for code, text in (notes or {}).items()}
            kept_notes = {}
            for code, value in list(manual.items()):
                if code not in report.figures:
                    continue
                if value == report.figures[code]:
                    del manual[code]  # unchanged: the registry's value stands
                elif not notes.get(code):
                    raise InvalidInput(_("Số liệu khác với cơ sở dữ liệu: cần ghi giải trình."), field=f"note_{code}")
                else:
                    kept_notes[code] = notes[code]
            report.manual_figures = manual
            report.figure_notes = kept_notes
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
        recorder.record(
            case=report, action="report.save_draft", actor=actor, agency=agency, changes=changes, comment=comment
        )
    return report


def send_back_to_reporter(report, *, actor, agency, comment):
    """The agency's head returns the draft to its own reporter with a comment (before it goes to Sở KH&CN)."""
    with transaction.atomic():
        report = _lock(report)
        if agency is None or agency.pk != report.agency_id:
            raise NotPermitted(_("Chỉ lãnh đạo của %(agency)s duyệt và gửi báo cáo này.") % {"agency": report.agency})
        _require_role(actor, agency, (Role.HEAD,))
        if not (comment or "").strip():
            raise InvalidInput(_("Cần ghi rõ nội dung cần chỉnh sửa."), field="comment")
        before = _snapshot(report)
        _fire(report, "send_back_to_reporter", _("trả lại người lập báo cáo"))
        report.return_comment, report.returned_by_head = comment.strip(), True
        return _save_and_record(report, before, "send_back_to_reporter", actor, agency, comment)


def _mark_submitted(report, actor):
    now = timezone.now()
    report.submitted_at = now
    report.late = report.late or timezone.localdate(now) > report.deadline
    report.approved_by = actor
    report.returned_by_head = False


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
    return _head_sends(
        report, "submit", _("duyệt và gửi báo cáo"), "approve_and_submit", actor=actor, agency=agency, comment=comment
    )


def resubmit(report, *, actor, agency, comment=""):
    """The agency's head sends the corrected report again."""
    return _head_sends(
        report, "resubmit", _("gửi lại báo cáo"), "resubmit", actor=actor, agency=agency, comment=comment
    )


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
        report.return_comment, report.returned_by_head = comment.strip(), False
        return _save_and_record(report, before, "return_with_comments", actor, agency, comment)
