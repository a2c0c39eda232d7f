"""The only code that changes a result, a task or an agency.

Every service runs in one transaction: it locks the row, checks that the person holds the right role in the agency
that must act, fires at most one lifecycle transition, keeps the related records, and appends the audit event.
Anything forbidden or impossible raises a `ServiceError` with a translated message and changes nothing.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from audit import recorder

from . import signals
from .access import agency_for_party, holds_role, parties_of, support_applicant
from .errors import InvalidInput, NotPermitted, StepNotAllowed
from .lifecycle import (
    FINAL_STATES,
    RESULT,
    STEPS,
    SUPPORT,
    TRANSFER,
    OwnershipOutcome,
    Party,
    Status,
    outcome_fits_host,
    outcomes_decided_from,
)
from .models import (
    Agency,
    AgencyKind,
    AgencyName,
    CommercialisationSupport,
    Document,
    DossierReturn,
    IPTitle,
    LegalRegime,
    Membership,
    Result,
    RevenueBasis,
    RevenueRecord,
    STTask,
    TaskLevel,
    Transfer,
    TransferStatus,
    minimum_payout,
)
from .models.documents import TRANSFER_DOCUMENT_KINDS
from .roles import WORKING_ROLES, Role
from .selectors import party_results_q, revenue_owner
from .uploads import checked_upload

# Fields whose before/after the audit event keeps for a result.
RESULT_AUDITED_FIELDS = (
    "status",
    "title",
    "result_type",
    "summary",
    "regime_id",
    "acceptance_date",
    "acceptance_grade",
    "recognition_decision_no",
    "recognition_decision_date",
    "registration_no",
    "archive_no",
    "registered_on",
    "ownership_applied_on",
    "ownership_requested",
    "ownership_submission_no",
    "asset_creation_cost",
    "asset_report_overdue_on",
    "ownership_outcome",
    "ownership_holder_id",
    "ownership_decision_no",
    "ownership_decision_date",
    "repayment_value",
)


def _require_working_role(actor, agency, roles=WORKING_ROLES):
    if not holds_role(actor, agency, roles):
        raise NotPermitted(_("Bạn cần vai trò chuyên viên hoặc lãnh đạo tại %(agency)s.") % {"agency": agency})


def _snapshot(obj, fields):
    return {name: getattr(obj, name) for name in fields}


def _today():
    return timezone.localdate()


def _require(value, field, message):
    if value in (None, ""):
        raise InvalidInput(message, field=field)
    return value


def _not_negative(value, field):
    if value is None:
        return Decimal(0)
    value = Decimal(value)
    if value < 0:
        raise InvalidInput(_("Số tiền không được âm."), field=field)
    return value


def _not_before(later, earlier, field, message):
    if later and earlier and later < earlier:
        raise InvalidInput(message, field=field)


def _lock_result(result):
    pk = result.pk if isinstance(result, Result) else result
    try:
        return (
            Result.objects.select_for_update(of=("self",))
            .select_related(
                "task",
                "task__host",
                "task__managing_agency",
                "task__managing_agency__parent",
                "ownership_holder",
                "regime",
            )
            .get(pk=pk)
        )
    except Result.DoesNotExist:
        raise InvalidInput(_("Không tìm thấy kết quả."), field="result") from None


def check_can_act(result, step_name, actor, agency, subject=None):
    """Raise NotPermitted unless `actor` may take the step now, acting for `agency` (for the transfer or support
    `subject` when the step acts on one)."""
    step = STEPS[step_name]
    acting_as = [
        (party, roles)
        for party, roles in step.actors
        if agency is not None and agency_for_party(result, party, subject) == agency
    ]
    if not acting_as:
        required = agency_for_party(result, step.party, subject)
        raise NotPermitted(
            _("Bước «%(step)s» của kết quả này do %(party)s thực hiện, không phải %(agency)s.")
            % {"step": step.label, "party": required or step.party.label, "agency": agency or _("(không rõ cơ quan)")}
        )
    if not any(holds_role(actor, agency, roles) for party, roles in acting_as):
        roles = ", ".join(sorted({str(Role(role).label) for party, roles in acting_as for role in roles}))
        raise NotPermitted(
            _("Bạn cần vai trò %(roles)s tại %(agency)s để thực hiện bước «%(step)s».")
            % {"roles": roles, "agency": agency, "step": step.label}
        )


SUBJECT_MODELS: dict[str, type[Transfer] | type[CommercialisationSupport]] = {
    TRANSFER: Transfer,
    SUPPORT: CommercialisationSupport,
}


def _lock_subject(result, step, subject):
    """The transfer or support of `result` the step acts on, locked and read afresh. Without `subject`, the one
    the step may be taken from, when there is exactly one."""
    model = SUBJECT_MODELS[step.subject]
    if subject is None:
        waiting = list(model.objects.filter(result=result, status__in=step.source).values_list("pk", flat=True)[:2])
        if len(waiting) != 1:
            what = _("chuyển giao") if step.subject == TRANSFER else _("đề nghị hỗ trợ")
            raise InvalidInput(
                _("Cần chọn %(what)s để «%(step)s».") % {"what": what, "step": step.label}
                if waiting
                else _("Không có %(what)s nào chờ «%(step)s».") % {"what": what, "step": step.label},
                field=step.subject,
            )
        subject = waiting[0]
    pk = getattr(subject, "pk", subject)
    try:
        return (
            model.objects.select_for_update(of=("self",))
            .select_related(*model.lifecycle_related)
            .get(pk=pk, result=result)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise InvalidInput(_("Không tìm thấy hồ sơ này của kết quả."), field=step.subject) from None


def _perform(result, step_name, *, actor, agency, comment="", change=None, extra_changes=None, subject=None):
    """Lock, check, fire one transition through `change` (or the bare step), save and record.

    A step of a transfer or a support fires that record's transition (and the result's, when the step moves the
    result on: `Step.advances`); `change(result, subject)` then keeps the step's data on it."""
    step = STEPS[step_name]
    with transaction.atomic():
        result = _lock_result(result)
        if step.subject != RESULT:
            subject = _lock_subject(result, step, subject)
        check_can_act(result, step_name, actor, agency, subject)
        machine = subject if step.subject != RESULT else result
        if not can_proceed(getattr(machine, step_name), check_conditions=False):
            raise StepNotAllowed(
                _("Không thể «%(step)s» khi kết quả đang ở trạng thái «%(status)s».")
                % {"step": step.label, "status": machine.get_status_display()}
            )
        if step.comment_required and not (comment or "").strip():
            raise InvalidInput(_("Cần ghi rõ lý do cho bước «%(step)s».") % {"step": step.label}, field="comment")
        before = _snapshot(result, RESULT_AUDITED_FIELDS)
        try:
            if step.subject == RESULT:
                related = change(result) if change else getattr(result, step_name)()
            else:
                getattr(subject, step_name)()
                related = (change(result, subject) if change else None) or subject
                subject.save()
                sources, _target = step.advances or ((), None)
                if result.status in sources:
                    getattr(result, step_name)()
        except TransitionNotAllowed:
            raise StepNotAllowed(_("Chưa đủ điều kiện để «%(step)s» kết quả này.") % {"step": step.label}) from None
        if result.status != before["status"]:
            result.status_changed_at = timezone.now()
        try:
            result.save()
        except ConcurrentTransition:
            raise StepNotAllowed(_("Kết quả vừa được người khác xử lý; hãy tải lại trang.")) from None
        if step.returns_dossier:
            DossierReturn.objects.create(
                result=result,
                step=step_name,
                reason=comment.strip(),
                returned_at=timezone.now(),
                returned_by=actor,
                agency=agency,
            )
        changes = recorder.diff(before, _snapshot(result, RESULT_AUDITED_FIELDS))
        changes.update(extra_changes or {})
        if related is not None and hasattr(related, "_meta"):
            # A record whose money and decision an inspector must read in the event itself (a transfer, a support)
            # is kept whole; any other by its id.
            values = getattr(related, "audit_values", None)
            changes[related._meta.model_name] = [None, values() if values else related.pk]
        recorder.record(
            case=result, action=f"result.{step_name}", actor=actor, agency=agency, changes=changes, comment=comment
        )
        opened = related if step.opens and related is not None else None
        signals.result_changed.send(
            sender=Result,
            result=result,
            step=step_name,
            comment=comment,
            subject=subject if step.subject != RESULT else opened,
        )
    return result


def _fire(result, step_name):
    getattr(result, step_name)()


# --- taking a step ------------------------------------------------------------------------------------------------

# Step name → the service that keeps the step's own data and records; a step with neither has none here and is
# taken by the checked transition alone.
STEP_SERVICES: dict[str, Callable[..., Result]] = {}


def step_service(function):
    """Marks `function` as the service of the registry's step of the same name."""
    if function.__name__ not in STEPS:
        raise LookupError(f"{function.__name__} is not a step of the registry (lifecycle.STEPS)")
    STEP_SERVICES[function.__name__] = function
    return function


def _transition_only(step_name):
    def take(result, *, actor, agency, comment="", subject=None):
        return _perform(result, step_name, actor=actor, agency=agency, comment=comment, subject=subject)

    take.__name__ = take.__qualname__ = step_name
    return take


def service_for(step_name):
    """The callable that takes the step: `service(result, *, actor, agency, comment, **the step's data)`; a step of
    a transfer or a support also takes `subject`, the one it acts on."""
    if step_name not in STEPS:
        raise StepNotAllowed(_("Không có bước xử lý «%(step)s».") % {"step": step_name})
    return STEP_SERVICES.get(step_name) or _transition_only(step_name)


def take_step(result, step_name, *, actor, agency, comment="", **data):
    """Take one step of the registry for `agency`: the way the task page, the API and the tests take any step."""
    return service_for(step_name)(result, actor=actor, agency=agency, comment=comment, **data)


# --- creating records -------------------------------------------------------------------------------------------


def record_result(task, *, actor, agency, title, result_type, summary="", comment=""):
    """The host (or the managing agency on its behalf) files a finished task's result for acceptance."""
    with transaction.atomic():
        task = STTask.objects.select_related("host", "managing_agency").get(pk=task.pk)
        if agency is None or agency.pk not in (task.host_id, task.managing_agency_id):
            raise NotPermitted(
                _("Chỉ tổ chức chủ trì hoặc cơ quan quản lý nhiệm vụ được nộp kết quả của nhiệm vụ này.")
            )
        _require_working_role(actor, agency)
        _require((title or "").strip(), "title", _("Cần nhập tên kết quả."))
        _require(result_type, "result_type", _("Cần chọn loại kết quả."))
        result = Result.objects.create(task=task, title=title.strip(), result_type=result_type, summary=summary)
        recorder.record(
            case=result,
            action="result.recorded",
            actor=actor,
            agency=agency,
            comment=comment,
            changes={"status": [None, result.status], "title": [None, result.title], "task_id": [None, task.pk]},
        )
        signals.result_recorded.send(sender=Result, result=result)
    return result


# Fields of a task an officer of its managing agency fills in and may correct later; the code, the managing agency
# and the host are set once (they decide who sees the task and its results; an administrator corrects them).
TASK_EDITABLE_FIELDS = (
    "title",
    "level",
    "field_code",
    "principal_investigator",
    "principal_investigator_title",
    "approval_date",
    "contract_start",
    "contract_end",
    "state_budget",
    "co_funding",
    "state_retains_rights",
    "retention_basis",
)
REGISTRATION_PENDING = (Status.REGISTRATION_SUBMITTED, Status.REGISTRATION_RETURNED)
# Agencies that manage tasks (the others host, receive or intermediate): only they enter a task.
MANAGING_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE, AgencyKind.MINISTRY)
TASK_AUDITED_FIELDS = ("code", "managing_agency_id", "host_id", *TASK_EDITABLE_FIELDS)


def _check_task_values(values):
    """The rules of a task's own fields, each refusal naming its field (the database constraints, said in words)."""
    for name, message in (
        ("title", _("Cần nhập tên nhiệm vụ.")),
        ("principal_investigator", _("Cần nhập chủ nhiệm nhiệm vụ.")),
        ("approval_date", _("Cần nhập ngày phê duyệt.")),
    ):
        value = values.get(name)
        _require(value.strip() if isinstance(value, str) else value, name, message)
    if values.get("level") not in TaskLevel.values:
        raise InvalidInput(_("Cần chọn cấp quản lý."), field="level")
    for name in ("state_budget", "co_funding"):
        values[name] = _not_negative(values.get(name), name)
    _not_before(
        values.get("contract_end"),
        values.get("contract_start"),
        "contract_end",
        _("Ngày kết thúc hợp đồng không được trước ngày bắt đầu."),
    )
    if values.get("state_retains_rights") and not (values.get("retention_basis") or "").strip():
        raise InvalidInput(_("Cần ghi căn cứ để nhà nước giữ quyền."), field="retention_basis")


def create_task(*, actor, agency, code, host, comment="", **values):
    """The managing agency (Sở KH&CN or another managing body) enters an approved S&T task it manages."""
    with transaction.atomic():
        if agency is None or agency.kind not in MANAGING_KINDS or agency.registers_central_results:
            raise NotPermitted(
                _("Chỉ cơ quan quản lý nhiệm vụ (sở, ban, ngành, ủy ban nhân dân, bộ) được nhập nhiệm vụ.")
            )
        _require_working_role(actor, agency)
        code = (code or "").strip()
        _require(code, "code", _("Cần nhập mã số nhiệm vụ."))
        if host is None or not Agency.objects.active().filter(pk=host.pk).exists():
            raise InvalidInput(_("Cần chọn một tổ chức chủ trì đang hoạt động."), field="host")
        values = {name: values.get(name) for name in TASK_EDITABLE_FIELDS if name in values}
        for name in (
            "title",
            "field_code",
            "principal_investigator",
            "principal_investigator_title",
            "retention_basis",
        ):
            values[name] = (values.get(name) or "").strip()
        values.setdefault("level", None)
        values["level"] = values["level"] or STTask._meta.get_field("level").default
        values["state_retains_rights"] = bool(values.get("state_retains_rights"))
        _check_task_values(values)
        if STTask.objects.filter(code=code).exists():
            raise InvalidInput(_("Mã số nhiệm vụ %(code)s đã có trong sổ.") % {"code": code}, field="code")
        try:
            with transaction.atomic():
                task = STTask.objects.create(code=code, managing_agency=agency, host=host, **values)
        except IntegrityError:  # the same code entered at the same moment by someone else
            raise InvalidInput(_("Mã số nhiệm vụ %(code)s đã có trong sổ.") % {"code": code}, field="code") from None
        state = _snapshot(task, TASK_AUDITED_FIELDS)
        recorder.record(
            case=task,
            action="task.created",
            actor=actor,
            agency=agency,
            comment=comment,
            changes={name: [None, value] for name, value in state.items() if value not in (None, "")},
        )
    return task


def update_task(task, *, actor, agency, comment="", **changes):
    """The managing agency corrects a task's own fields; a registered result keeps the regime recorded on it."""
    with transaction.atomic():
        pk = task.pk if isinstance(task, STTask) else task
        task = STTask.objects.select_for_update().filter(pk=pk).first()
        if task is None:
            raise InvalidInput(_("Không tìm thấy nhiệm vụ."), field="task")
        if agency is None or agency.pk != task.managing_agency_id:
            raise NotPermitted(_("Chỉ cơ quan quản lý nhiệm vụ được sửa thông tin nhiệm vụ."))
        _require_working_role(actor, agency)
        unknown = set(changes) - set(TASK_EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(_("Không sửa được trường này."), field=sorted(unknown)[0])
        before = _snapshot(task, TASK_AUDITED_FIELDS)
        values = {**_snapshot(task, TASK_EDITABLE_FIELDS), **changes}
        for name in (
            "title",
            "field_code",
            "principal_investigator",
            "principal_investigator_title",
            "retention_basis",
        ):
            values[name] = (values.get(name) or "").strip()
        values["level"] = values.get("level") or task.level
        if values["level"] != task.level and task.results.filter(status__in=REGISTRATION_PENDING).exists():
            # The level decides who registers (TT 14/2014): not while a registration dossier is before one of them.
            raise InvalidInput(
                _("Không đổi cấp quản lý khi hồ sơ đăng ký kết quả của nhiệm vụ đang chờ xử lý."), field="level"
            )
        values["state_retains_rights"] = bool(values.get("state_retains_rights"))
        _check_task_values(values)
        for name, value in values.items():
            setattr(task, name, value)
        task.save(update_fields=list(TASK_EDITABLE_FIELDS))
        difference = recorder.diff(before, _snapshot(task, TASK_AUDITED_FIELDS))
        if difference:
            recorder.record(
                case=task, action="task.updated", actor=actor, agency=agency, comment=comment, changes=difference
            )
    return task


# --- acceptance ---------------------------------------------------------------------------------------------------


@step_service
def accept(result, *, actor, agency, acceptance_date, grade, decision_no="", decision_date=None, comment=""):
    def change(r):
        _require(acceptance_date, "acceptance_date", _("Cần nhập ngày nghiệm thu."))
        _require(grade, "acceptance_grade", _("Cần chọn xếp loại nghiệm thu."))
        if grade == "failed":
            raise InvalidInput(
                _("Kết quả xếp loại «Không đạt» không được công nhận; hãy dùng bước «Không công nhận kết quả»."),
                field="acceptance_grade",
            )
        _not_before(
            decision_date,
            acceptance_date,
            "recognition_decision_date",
            _("Ngày quyết định công nhận không được trước ngày nghiệm thu."),
        )
        if r.task.contract_start:
            _not_before(
                acceptance_date,
                r.task.contract_start,
                "acceptance_date",
                _("Ngày nghiệm thu không được trước ngày bắt đầu hợp đồng."),
            )
        r.acceptance_date, r.acceptance_grade = acceptance_date, grade
        r.recognition_decision_no, r.recognition_decision_date = decision_no or "", decision_date
        r.accept()

    return _perform(result, "accept", actor=actor, agency=agency, comment=comment, change=change)


@step_service
def reject(result, *, actor, agency, acceptance_date, comment):
    def change(r):
        _require(acceptance_date, "acceptance_date", _("Cần nhập ngày nghiệm thu."))
        r.acceptance_date, r.acceptance_grade = acceptance_date, "failed"
        r.reject()

    return _perform(result, "reject", actor=actor, agency=agency, comment=comment, change=change)


# --- registration -------------------------------------------------------------------------------------------------


def apply_registration(result, *, registration_no, archive_no="", registered_on=None):
    """Record the registration on a locked result and fire the transition; the regime picks the next state."""
    registration_no = (registration_no or "").strip()
    _require(registration_no, "registration_no", _("Cần nhập số đăng ký kết quả."))
    if Result.objects.filter(registration_no=registration_no).exclude(pk=result.pk).exists():
        raise InvalidInput(
            _("Số đăng ký %(no)s đã được cấp cho kết quả khác.") % {"no": registration_no}, field="registration_no"
        )
    registered_on = registered_on or _today()
    _not_before(
        registered_on, result.acceptance_date, "registered_on", _("Ngày đăng ký không được trước ngày nghiệm thu.")
    )
    regime = LegalRegime.objects.for_date(result.task.approval_date)
    if regime is None:
        raise InvalidInput(
            _("Chưa có chế độ pháp lý nào áp dụng cho nhiệm vụ phê duyệt ngày %(day)s; quản trị viên cần khai báo.")
            % {"day": result.task.approval_date.strftime("%d/%m/%Y")},
            field="regime",
        )
    result.regime = regime
    result.registration_no, result.archive_no, result.registered_on = registration_no, archive_no or "", registered_on
    result.register()
    if result.status == Status.OWNERSHIP_BY_LAW:
        result.ownership_outcome, result.ownership_holder = OwnershipOutcome.BY_LAW, result.task.host
    elif result.status == Status.OWNERSHIP_RETAINED_BY_STATE:
        result.ownership_outcome, result.ownership_holder = (
            OwnershipOutcome.RETAINED_BY_STATE,
            result.task.managing_agency,
        )


@step_service
def register(result, *, actor, agency, registration_no, archive_no="", registered_on=None, comment=""):
    def change(r):
        apply_registration(r, registration_no=registration_no, archive_no=archive_no, registered_on=registered_on)

    return _perform(result, "register", actor=actor, agency=agency, comment=comment, change=change)


# --- ownership under the old regime -------------------------------------------------------------------------------


def _applying(step_name, requested):
    """The host's dossier (or its statement not to apply) arrives today: the appraisal's deadline runs from it, and
    whether the host applied decides which outcomes the competent authority may choose."""

    def change(r):
        _fire(r, step_name)
        r.ownership_applied_on = _today()
        r.ownership_requested = requested

    return change


@step_service
def apply_for_ownership(result, *, actor, agency, comment=""):
    return _perform(
        result,
        "apply_for_ownership",
        actor=actor,
        agency=agency,
        comment=comment,
        change=_applying("apply_for_ownership", True),
    )


@step_service
def decline_ownership(result, *, actor, agency, creation_cost, comment=""):
    """The host does not apply for the rights and reports the result as a state asset (Decree 70/2018), with what
    it cost to create."""
    declined = _applying("decline_ownership", False)

    def change(r):
        cost = _require(creation_cost, "creation_cost", _("Cần ghi giá trị tài sản theo chi phí tạo lập."))
        r.asset_creation_cost = _revenue_amount(cost, "creation_cost")
        declined(r)

    return _perform(result, "decline_ownership", actor=actor, agency=agency, comment=comment, change=change)


def note_asset_report_overdue(result, *, due_on, today=None):
    """The host's 60 days to apply or to report the asset lapsed on `due_on` (Decree 70/2018): kept on the result and
    recorded as the system's finding, so the managing agency is given the case (`record_asset_report_lapse`).
    Called by `workflows.lapses` for overdue work; does nothing for a result no longer waiting for the host."""
    today = today or _today()
    with transaction.atomic():
        result = _lock_result(result)
        if result.status != Status.REGISTERED or result.asset_report_overdue_on is not None or due_on >= today:
            return result
        if result.regime is None or result.regime.ownership_by_law:
            return result
        result.asset_report_overdue_on = today
        comment = _("Hạn báo cáo tài sản đã hết ngày %(day)s.") % {"day": due_on.strftime("%d/%m/%Y")}
        result.save(update_fields=["asset_report_overdue_on"])
        recorder.record(
            case=result,
            action="result.asset_report_overdue",
            actor=None,
            agency=agency_for_party(result, Party.MANAGING),
            changes={"asset_report_overdue_on": [None, today]},
            comment=comment,
        )
        # The flow routes the case and the host is told, once the finding is committed (routing takes the process's
        # lock, which a task page takes before the result's).
        transaction.on_commit(
            lambda: signals.result_changed.send(
                sender=Result, result=result, step="asset_report_overdue", comment=comment, due_on=due_on
            )
        )
    return result


@step_service
def record_asset_report_lapse(result, *, actor, agency, comment=""):
    """The host let its 60 days pass without applying: recorded as a host that did not apply, so the authority
    chooses among the outcomes for that case (Decree 70/2018)."""

    def change(r):
        _fire(r, "record_asset_report_lapse")
        r.ownership_requested = False

    return _perform(result, "record_asset_report_lapse", actor=actor, agency=agency, comment=comment, change=change)


@step_service
def resubmit_ownership(result, *, actor, agency, comment=""):
    return _perform(
        result,
        "resubmit_ownership",
        actor=actor,
        agency=agency,
        comment=comment,
        change=_applying("resubmit_ownership", True),
    )


@step_service
def submit_ownership_decision(result, *, actor, agency, submission_no, comment=""):
    """The managing agency submits the appraised dossier (or the host's statement not to apply) to the competent
    authority with its submission (tờ trình)."""

    def change(r):
        number = _require((submission_no or "").strip(), "submission_no", _("Cần nhập số tờ trình."))
        if len(number) > 60:
            raise InvalidInput(_("Số tờ trình dài quá 60 ký tự."), field="submission_no")
        r.ownership_submission_no = number
        r.submit_ownership_decision()

    return _perform(result, "submit_ownership_decision", actor=actor, agency=agency, comment=comment, change=change)


@step_service
def decide_ownership(
    result, *, actor, agency, outcome, decision_no, decision_date=None, holder=None, repayment_value=None, comment=""
):
    """The competent authority's head decides (Decree 08/2014; Decree 70/2018 order of preference): the outcomes
    follow the host's application and the kind of body the host is."""

    def change(r):
        if outcome not in outcomes_decided_from(r.status, r.ownership_requested):
            raise InvalidInput(
                _("Hình thức giao quyền này không áp dụng cho hồ sơ ở trạng thái hiện tại."), field="outcome"
            )
        host = r.task.host
        if not outcome_fits_host(outcome, host.host_kind):
            raise InvalidInput(
                _("«%(outcome)s» không áp dụng cho %(host)s (%(kind)s) theo Nghị định 70/2018/NĐ-CP.")
                % {
                    "outcome": OwnershipOutcome(outcome).label,
                    "host": host.name,
                    "kind": host.get_host_kind_display() or _("chưa khai báo loại hình tổ chức"),
                },
                field="outcome",
            )
        _require((decision_no or "").strip(), "decision_no", _("Cần nhập số quyết định giao quyền."))
        if outcome == OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT:
            _require(holder, "holder", _("Cần chọn tổ chức, cá nhân được giao quyền."))
            new_holder = holder
        elif outcome == OwnershipOutcome.OTHER_DISPOSAL:
            new_holder = None
        else:
            new_holder = r.task.host
        needs_repayment = outcome in (
            OwnershipOutcome.HOST_WITH_REPAYMENT,
            OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT,
        )
        if needs_repayment:
            _require(repayment_value, "repayment_value", _("Giao quyền có bồi hoàn cần ghi giá trị bồi hoàn."))
        r.ownership_outcome, r.ownership_holder = outcome, new_holder
        r.ownership_decision_no, r.ownership_decision_date = decision_no.strip(), decision_date or _today()
        r.repayment_value = _not_negative(repayment_value, "repayment_value") if needs_repayment else None
        r.decide_ownership()

    return _perform(result, "decide_ownership", actor=actor, agency=agency, comment=comment, change=change)


# --- transfers: a result may be offered to several units, each transfer with its own lifecycle ----------------------


@step_service
def offer_transfer(
    result,
    *,
    actor,
    agency,
    receiving_unit,
    form,
    rights="licence",
    contract_no="",
    contract_value=0,
    offered_on=None,
    comment="",
):
    def change(r):
        _require(receiving_unit, "receiving_unit", _("Cần chọn đơn vị tiếp nhận."))
        _require(form, "form", _("Cần chọn hình thức chuyển giao."))
        if receiving_unit.pk == r.ownership_holder_id:
            raise InvalidInput(_("Đơn vị tiếp nhận phải khác chủ sở hữu kết quả."), field="receiving_unit")
        if r.transfers.filter(receiving_unit=receiving_unit, status=TransferStatus.OFFERED).exists():
            raise InvalidInput(
                _("%(unit)s đang xem xét một đề nghị chuyển giao kết quả này.") % {"unit": receiving_unit},
                field="receiving_unit",
            )
        r.offer_transfer()
        return Transfer.objects.create(
            result=r,
            receiving_unit=receiving_unit,
            form=form,
            rights=rights,
            contract_no=contract_no,
            contract_value=_not_negative(contract_value, "contract_value"),
            offered_on=offered_on or _today(),
        )

    return _perform(result, "offer_transfer", actor=actor, agency=agency, comment=comment, change=change)


@step_service
def confirm_transfer(result, *, actor, agency, contract_no="", contract_value=None, comment="", subject=None):
    def change(r, transfer):
        transfer.answered_on = _today()
        if contract_no:
            transfer.contract_no = contract_no
        if contract_value is not None:
            transfer.contract_value = _not_negative(contract_value, "contract_value")

    return _perform(
        result, "confirm_transfer", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


@step_service
def decline_transfer(result, *, actor, agency, comment, subject=None):
    def change(r, transfer):
        transfer.answered_on = _today()

    return _perform(
        result, "decline_transfer", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


@step_service
def report_application(result, *, actor, agency, report, applied_on=None, comment="", subject=None):
    def change(r, transfer):
        _require((report or "").strip(), "report", _("Cần mô tả kết quả ứng dụng, nhân rộng."))
        transfer.application_report, transfer.applied_on = report.strip(), applied_on or _today()
        _not_before(
            transfer.applied_on,
            transfer.answered_on,
            "applied_on",
            _("Ngày ứng dụng không được trước ngày nhận chuyển giao."),
        )

    return _perform(
        result, "report_application", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


@step_service
def report_own_application(result, *, actor, agency, report, comment=""):
    def change(r):
        _require((report or "").strip(), "report", _("Cần mô tả kết quả ứng dụng."))
        r.report_own_application()

    return _perform(
        result,
        "report_own_application",
        actor=actor,
        agency=agency,
        comment=comment or report,
        change=change,
        extra_changes={"application_report": [None, report]},
    )


# --- commercialisation support: from recognition on, in as many cycles as happen ------------------------------------


@step_service
def request_support(result, *, actor, agency, kind, requested_amount=0, intermediary=None, comment=""):
    def change(r):
        _require(kind, "kind", _("Cần chọn hình thức hỗ trợ."))
        applicant = support_applicant(r)
        if applicant.acting() != agency:
            # The host asks only while nobody else holds the rights; then the owner does.
            raise NotPermitted(
                _("Kết quả này do %(owner)s đề nghị hỗ trợ thương mại hoá, không phải %(agency)s.")
                % {"owner": applicant, "agency": agency}
            )
        r.request_support()
        return CommercialisationSupport.objects.create(
            result=r,
            applicant=applicant,
            kind=kind,
            requested_amount=_not_negative(requested_amount, "requested_amount"),
            intermediary=intermediary,
            requested_on=_today(),
        )

    return _perform(result, "request_support", actor=actor, agency=agency, comment=comment, change=change)


@step_service
def resubmit_support(
    result, *, actor, agency, kind=None, requested_amount=None, intermediary=None, comment="", subject=None
):
    """The applicant sends the completed dossier again, correcting what the Sở sent it back for (a blank keeps it)."""

    def change(r, support):
        support.resubmitted_on = _today()
        if kind:
            support.kind = kind
        if requested_amount is not None:
            support.requested_amount = _not_negative(requested_amount, "requested_amount")
        if intermediary is not None:
            support.intermediary = intermediary

    return _perform(
        result, "resubmit_support", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


@step_service
def grant_support(result, *, actor, agency, decision_no, granted_amount, comment="", subject=None):
    def change(r, support):
        _require((decision_no or "").strip(), "decision_no", _("Cần nhập số quyết định hỗ trợ."))
        support.decided_on, support.decision_no = _today(), decision_no.strip()
        support.granted_amount = _not_negative(granted_amount, "granted_amount")
        # The decision grants at most what was asked for (a request of 0 names no amount, so it bounds nothing).
        if support.requested_amount and support.granted_amount > support.requested_amount:
            raise InvalidInput(
                _("Kinh phí hỗ trợ không được vượt kinh phí đề nghị (%(amount)s đồng).")
                % {"amount": number_format(support.requested_amount, force_grouping=True)},
                field="granted_amount",
            )

    return _perform(
        result, "grant_support", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


@step_service
def refuse_support(result, *, actor, agency, comment, subject=None):
    def change(r, support):
        support.decided_on = _today()

    return _perform(
        result, "refuse_support", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


@step_service
def report_support_outcome(result, *, actor, agency, report, comment="", subject=None):
    def change(r, support):
        _require((report or "").strip(), "report", _("Cần mô tả kết quả hỗ trợ."))
        support.outcome_report = report.strip()

    return _perform(
        result, "report_support_outcome", actor=actor, agency=agency, comment=comment, change=change, subject=subject
    )


# --- records around a result --------------------------------------------------------------------------------------


def _check_party(result, actor, agency, roles=WORKING_ROLES):
    if agency is None or agency.pk not in parties_of(result):
        raise NotPermitted(
            _("%(agency)s không tham gia xử lý kết quả này.") % {"agency": agency or _("(không rõ cơ quan)")}
        )
    _require_working_role(actor, agency, roles)


def _transfer_for_paper(result, agency, transfer):
    """The transfer a contract or an application report belongs to: the one named (a transfer's own task), else the
    latest of the agency's own transfers when it is a receiving unit, else the latest offered. Receiving units read
    only their own transfers' papers, so the paper must not land on another unit's transfer."""
    if transfer is not None:
        if transfer.result_id != result.pk:
            raise InvalidInput(_("Không tìm thấy hồ sơ này của kết quả."), field="transfer")
        return transfer
    transfers = result.transfers.order_by("-offered_on", "-id")
    return transfers.filter(receiving_unit=agency).first() or transfers.first()


def attach_document(result, *, actor, agency, kind, uploaded_file, comment="", transfer=None):
    """Add a file to the result's dossier after checking its size and real type. `transfer`: the transfer a contract
    or an application report is for, when the caller knows it."""
    with transaction.atomic():
        result = _lock_result(result)
        _check_party(result, actor, agency)
        _require(kind, "kind", _("Cần chọn loại tài liệu."))
        content_type, sha256, size = checked_upload(uploaded_file)
        document = Document(
            result=result,
            kind=kind,
            original_name=uploaded_file.name[:255],
            content_type=content_type,
            size=size,
            sha256=sha256,
            uploaded_by=actor,
            uploaded_for=agency,
            transfer=_transfer_for_paper(result, agency, transfer) if kind in TRANSFER_DOCUMENT_KINDS else None,
        )
        document.file.save(sha256, uploaded_file, save=False)
        document.save()
        recorder.record(
            case=result,
            obj=document,
            action="document.attached",
            actor=actor,
            agency=agency,
            comment=comment,
            changes={
                "document": [
                    None,
                    {"id": document.pk, "kind": kind, "name": document.original_name, "sha256": sha256, "size": size},
                ]
            },
        )
    return document


def add_ip_title(result, *, actor, agency, kind, number, filed_on=None, granted_on=None, holder="", comment=""):
    with transaction.atomic():
        result = _lock_result(result)
        _check_party(result, actor, agency)
        _require((number or "").strip(), "number", _("Cần nhập số văn bằng hoặc số đơn."))
        _not_before(granted_on, filed_on, "granted_on", _("Ngày cấp không được trước ngày nộp đơn."))
        if IPTitle.objects.filter(kind=kind, number=number.strip()).exists():
            raise InvalidInput(_("Văn bằng số %(no)s đã có trong sổ.") % {"no": number}, field="number")
        title = IPTitle.objects.create(
            result=result, kind=kind, number=number.strip(), filed_on=filed_on, granted_on=granted_on, holder=holder
        )
        recorder.record(
            case=result,
            obj=title,
            action="ip_title.added",
            actor=actor,
            agency=agency,
            comment=comment,
            changes={"ip_title": [None, {"kind": kind, "number": title.number}]},
        )
    return title


def record_revenue(
    result: Result,
    *,
    actor,
    agency: Agency | None,
    year,
    revenue,
    author_payout,
    after_tax_profit=None,
    basis: str = RevenueBasis.PROFIT,
    capital_value=None,
    note: str = "",
    comment: str = "",
) -> RevenueRecord:
    """The owner reports a year's revenue and what its authors received, one record per result and year.

    The authors' minimum is the regime's share (30 %) of the after-tax profit, or, for a result contributed as
    capital, of the value it was contributed at (Law 93/2025 Art. 28(3)(a)). A lower payout is recorded and flagged,
    never refused: the record and its event keep the percentage, the minimum in đồng and the flag, so the managing
    agency and auditors find it (docs/legal-sources.md R50).
    """
    with transaction.atomic():
        result = _lock_result(result)
        if agency is None or revenue_owner(result) != agency:
            raise NotPermitted(_("Chỉ chủ sở hữu kết quả được báo cáo doanh thu."))
        _require_working_role(actor, agency)
        year = _revenue_year(result, year)
        revenue = _revenue_amount(revenue, "revenue")
        payout = _revenue_amount(author_payout, "author_payout")
        if basis == RevenueBasis.CAPITAL:
            capital = _revenue_amount(
                _require(capital_value, "capital_value", _("Cần nhập giá trị kết quả góp vốn.")), "capital_value"
            )
            profit = _revenue_amount(after_tax_profit, "after_tax_profit", loss_allowed=True)
        elif basis == RevenueBasis.PROFIT:
            if capital_value not in (None, ""):
                raise InvalidInput(
                    _("Chỉ nhập giá trị góp vốn khi phần chia cho tác giả tính trên giá trị kết quả góp vốn."),
                    field="capital_value",
                )
            capital = None
            profit = _revenue_amount(
                _require(after_tax_profit, "after_tax_profit", _("Cần nhập lợi nhuận sau thuế (ghi 0 nếu không có).")),
                "after_tax_profit",
                loss_allowed=True,
            )
        else:
            raise InvalidInput(_("Cơ sở tính phần chia cho tác giả không hợp lệ."), field="basis")
        if RevenueRecord.objects.filter(result=result, year=year).exists():
            raise InvalidInput(_("Doanh thu năm %(year)s đã được báo cáo.") % {"year": year}, field="year")
        regime = result.regime or result.task.regime
        if regime is None:
            raise InvalidInput(_("Kết quả chưa có chế độ pháp lý để xác định tỷ lệ chia cho tác giả."), field="year")
        percent = regime.author_share_min_percent
        minimum = minimum_payout(capital if capital is not None else profit, percent)
        try:
            with transaction.atomic():
                record = RevenueRecord.objects.create(
                    result=result,
                    year=year,
                    basis=basis,
                    revenue=revenue,
                    after_tax_profit=profit,
                    capital_value=capital,
                    author_payout=payout,
                    share_min_percent=percent,
                    author_minimum=minimum,
                    below_minimum=payout < minimum,
                    note=(note or "").strip(),
                )
        except IntegrityError:
            raise InvalidInput(_("Doanh thu năm %(year)s đã được báo cáo.") % {"year": year}, field="year") from None
        recorder.record(
            case=result,
            obj=record,
            action="revenue.recorded",
            actor=actor,
            agency=agency,
            comment=comment,
            changes={"revenue": [None, revenue_snapshot(record)]},
        )
    return record


# --- tasks and agencies -------------------------------------------------------------------------------------------


def _check_administrator(actor):
    if actor is None or not actor.is_active:
        raise NotPermitted(_("Cần đăng nhập."))
    if not (actor.is_superuser or Membership.objects.active().filter(user=actor, role=Role.ADMINISTRATOR).exists()):
        raise NotPermitted(_("Chỉ quản trị viên được thay đổi danh mục cơ quan."))


def rename_agency(agency, *, actor, new_name, effective_on, basis="", comment=""):
    """Give an agency a new name from a date, keeping the old one for the history that was written under it."""
    _check_administrator(actor)
    new_name = (new_name or "").strip()
    _require(new_name, "name", _("Cần nhập tên mới."))
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if agency.active_to is not None and effective_on > agency.active_to:
            raise InvalidInput(
                _("%(agency)s đã ngừng hoạt động từ %(day)s; không đổi tên được sau ngày đó.")
                % {"agency": agency.name, "day": agency.active_to.strftime("%d/%m/%Y")},
                field="effective_on",
            )
        current = agency.names.filter(valid_to__isnull=True).order_by("-valid_from").first()
        if current and effective_on <= current.valid_from:
            raise InvalidInput(_("Ngày đổi tên phải sau ngày bắt đầu của tên hiện tại."), field="effective_on")
        if current:
            current.valid_to = effective_on - datetime.timedelta(days=1)
            current.save(update_fields=["valid_to"])
        else:
            AgencyName.objects.create(
                agency=agency,
                name=agency.name,
                valid_from=agency.active_from,
                valid_to=effective_on - datetime.timedelta(days=1),
            )
        AgencyName.objects.create(agency=agency, name=new_name, valid_from=effective_on, basis=basis)
        old_name, agency.name = agency.name, new_name
        agency.save(update_fields=["name"])
        recorder.record(
            case=agency,
            action="agency.renamed",
            actor=actor,
            agency=None,
            comment=comment or basis,
            changes={"name": [old_name, new_name], "effective_on": [None, effective_on]},
        )
    return agency


def _lock_working_agency(agency):
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.active_to is not None:
        raise InvalidInput(_("Cơ quan này đã ngừng hoạt động."), field="agency")
    return agency


def _end_agency(agency, last_day, basis, *, still_working_on, successor=None):
    """Save the agency's last day, successor and basis; end the memberships still running on `still_working_on`
    on that last day. Returns how many ended."""
    agency.active_to, agency.successor = last_day, successor
    agency.legal_basis = basis or agency.legal_basis
    agency.save(update_fields=["active_to", "successor", "legal_basis"])
    return Membership.objects.active(still_working_on).filter(agency=agency).update(valid_to=last_day)


def retire_agency(agency, *, actor, last_day, basis="", comment=""):
    """An agency ends without a successor (a company dissolved, a unit closed): after `last_day` it takes part in
    nothing and its memberships end. Refused while a result it has a part in is still followed: that work needs an
    agency to carry it, which is a merger (`merge_agency`)."""
    _check_administrator(actor)
    _require(last_day, "last_day", _("Cần nhập ngày cuối cùng hoạt động."))
    with transaction.atomic():
        agency = _lock_working_agency(agency)
        if last_day < agency.active_from:
            raise InvalidInput(
                _("Ngày cuối cùng hoạt động không được trước ngày cơ quan bắt đầu hoạt động."), field="last_day"
            )
        followed = Result.objects.exclude(status__in=FINAL_STATES).filter(party_results_q([agency.pk])).count()
        if followed:
            raise InvalidInput(
                _(
                    "%(agency)s còn tham gia %(count)s kết quả đang theo dõi: hãy sáp nhập vào cơ quan kế thừa để "
                    "chuyển việc sang cơ quan đó."
                )
                % {"agency": agency.name, "count": number_format(followed, force_grouping=True)},
                field="agency",
            )
        ended = _end_agency(agency, last_day, basis, still_working_on=last_day + datetime.timedelta(days=1))
        recorder.record(
            case=agency,
            action="agency.retired",
            actor=actor,
            comment=comment or basis,
            changes={"active_to": [None, last_day], "memberships_ended": [None, ended]},
        )
    return agency


def merge_agency(agency, *, actor, successor, effective_on, basis="", comment=""):
    """Retire an agency into its successor (e.g. Decree 29/2025, 125/2025); its memberships end that day."""
    _check_administrator(actor)
    if successor is None or successor.pk == agency.pk:
        raise InvalidInput(_("Cần chọn một cơ quan kế thừa khác."), field="successor")
    with transaction.atomic():
        agency = _lock_working_agency(agency)
        if agency.registers_central_results and effective_on <= _today():
            # The national registrar's part (TT 14/2014) passes to the body that carries its work.
            Agency.objects.filter(pk=agency.pk).update(registers_central_results=False)
            Agency.objects.filter(pk=successor.pk).update(registers_central_results=True)
            agency.registers_central_results = False
        if effective_on < agency.active_from:
            raise InvalidInput(
                _("Ngày sáp nhập không được trước ngày cơ quan bắt đầu hoạt động."), field="effective_on"
            )
        last_day = max(effective_on - datetime.timedelta(days=1), agency.active_from)
        ended = _end_agency(agency, last_day, basis, still_working_on=effective_on, successor=successor)
        recorder.record(
            case=agency,
            action="agency.merged",
            actor=actor,
            comment=comment or basis,
            changes={
                "active_to": [None, agency.active_to],
                "successor_id": [None, successor.pk],
                "memberships_ended": [None, ended],
            },
        )
        if effective_on <= _today():
            # Open work of the retired agency moves to its successor's queues in this same transaction (workflows).
            signals.agency_merged.send(sender=Agency, agency=agency, successor=successor, actor=actor, basis=basis)
    return agency


# --- revenue and the authors' share (record_revenue's helpers) ----------------------------------------------------

# Whole đồng, at most 18 digits: the money columns (DecimalField(max_digits=18, decimal_places=0)).
_LARGEST_AMOUNT = Decimal(10**18 - 1)


def _revenue_year(result: Result, year) -> int:
    """A year the result can have earned in: from the year its task was approved to this year."""
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        raise InvalidInput(_("Cần nhập năm bằng số, ví dụ 2025."), field="year") from None
    first, last = result.task.approval_date.year, _today().year
    if not first <= year <= last:
        raise InvalidInput(
            _("Năm báo cáo doanh thu phải từ %(first)s (năm phê duyệt nhiệm vụ) đến %(last)s.")
            % {"first": first, "last": last},
            field="year",
        )
    return year


def _revenue_amount(value, field: str, *, loss_allowed: bool = False) -> Decimal:
    """An amount in whole đồng: a number, not negative (a profit may be a loss), of at most 18 digits."""
    if value in (None, ""):
        return Decimal(0)
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        raise InvalidInput(_("Cần nhập một số tiền, ví dụ 1.500.000."), field=field) from None
    if not amount.is_finite():
        raise InvalidInput(_("Cần nhập một số tiền, ví dụ 1.500.000."), field=field)
    if amount < 0 and not loss_allowed:
        raise InvalidInput(_("Số tiền không được âm."), field=field)
    if abs(amount) > _LARGEST_AMOUNT:
        raise InvalidInput(_("Số tiền quá lớn: tối đa 18 chữ số."), field=field)
    if amount != amount.to_integral_value():
        raise InvalidInput(_("Số tiền tính bằng đồng, không có phần lẻ."), field=field)
    return amount.quantize(Decimal(1))


def revenue_snapshot(record: RevenueRecord) -> dict:
    """The record as its event keeps it: the amounts in đồng, the basis, the minimum it was checked against."""

    def whole(amount):
        return None if amount is None else int(amount)

    percent = record.share_min_percent
    return {
        "year": record.year,
        "basis": record.basis,
        "revenue": whole(record.revenue),
        "after_tax_profit": whole(record.after_tax_profit),
        "capital_value": whole(record.capital_value),
        "author_payout": whole(record.author_payout),
        "share_min_percent": None if percent is None else format(percent.normalize(), "f"),
        "author_minimum": whole(record.author_minimum),
        "below_minimum": record.below_minimum,
    }
