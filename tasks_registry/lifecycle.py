"""The legal lifecycle of a result: its states, and which party must act for each step.

Each step is declared once, in `STEPS`: the states it leads from and to, its guards, who may take it, what its form
asks for. `Result`'s django-fsm transition methods are built from it, and the services, the flow's queues, the task
forms and the audit labels read it. Sources for each step are in DOMAIN.md; adding one is described in
docs/architecture.md.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import GET_STATE, transition

from .roles import WORKING_ROLES, Role


class Status(models.TextChoices):
    ACCEPTANCE_SUBMITTED = "acceptance_submitted", _("Đã nộp hồ sơ đánh giá, nghiệm thu")
    ACCEPTANCE_RETURNED = "acceptance_returned", _("Hồ sơ nghiệm thu trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã nghiệm thu, công nhận kết quả")
    NOT_ACCEPTED = "not_accepted", _("Không đạt nghiệm thu")
    REGISTRATION_SUBMITTED = "registration_submitted", _("Đã nộp hồ sơ đăng ký kết quả")
    REGISTRATION_RETURNED = "registration_returned", _("Hồ sơ đăng ký trả lại để bổ sung")
    REGISTERED = "registered", _("Đã đăng ký, lưu giữ kết quả")
    OWNERSHIP_REQUESTED = "ownership_requested", _("Đã nộp hồ sơ đề nghị giao quyền")
    OWNERSHIP_RETURNED = "ownership_returned", _("Hồ sơ đề nghị giao quyền trả lại để bổ sung")
    OWNERSHIP_APPRAISED = "ownership_appraised", _("Đã thẩm định hồ sơ giao quyền")
    OWNERSHIP_NOT_REQUESTED = "ownership_not_requested", _("Tổ chức chủ trì không đề nghị giao quyền")
    OWNERSHIP_SUBMITTED = "ownership_submitted", _("Đã trình cấp có thẩm quyền quyết định giao quyền")
    OWNERSHIP_DECIDED = "ownership_decided", _("Đã quyết định giao quyền")
    OWNERSHIP_BY_LAW = "ownership_by_law", _("Được giao quyền sở hữu theo luật")
    OWNERSHIP_RETAINED_BY_STATE = "ownership_retained_by_state", _("Nhà nước giữ quyền sở hữu")
    # Whether the result is transferred or applied anywhere: each transfer and each support has its own lifecycle
    # (TransferStatus, SupportStatus), and the result's state says how far the furthest of them has come.
    TRANSFERRED = "transferred", _("Đã chuyển giao")
    APPLIED = "applied", _("Đã ứng dụng")
    CLOSED = "closed", _("Đã kết thúc theo dõi")


class TransferStatus(models.TextChoices):
    """One transfer's own lifecycle (Law on Technology Transfer 2017): a result may be offered to several units."""

    OFFERED = "offered", _("Đã đề nghị")
    DECLINED = "declined", _("Bị từ chối")
    CONFIRMED = "confirmed", _("Đã nhận")
    APPLIED = "applied", _("Đã ứng dụng")


class SupportStatus(models.TextChoices):
    """One request for commercialisation support's own lifecycle (Decree 76/2018 ch. 3): from recognition on, as
    many as the result gets."""

    REQUESTED = "requested", _("Đã đề nghị")
    RETURNED = "returned", _("Trả lại để bổ sung")
    APPRAISED = "appraised", _("Đã thẩm định")
    GRANTED = "granted", _("Được hỗ trợ")
    REFUSED = "refused", _("Không hỗ trợ")
    REPORTED = "reported", _("Đã báo cáo kết quả")


# What a step acts on: the result itself, or one of its transfers or supports (each with its own state).
RESULT, TRANSFER, SUPPORT = "result", "transfer", "support"
SUBJECT_STATES = {RESULT: Status, TRANSFER: TransferStatus, SUPPORT: SupportStatus}
# A transfer or support still under way: the result may not be closed while one is.
OPEN_TRANSFER_STATES = (TransferStatus.OFFERED, TransferStatus.CONFIRMED)
OPEN_SUPPORT_STATES = (SupportStatus.REQUESTED, SupportStatus.RETURNED, SupportStatus.APPRAISED, SupportStatus.GRANTED)


# Ownership is settled in these states: a transfer may be offered from them.
OWNERSHIP_SETTLED = (Status.OWNERSHIP_DECIDED, Status.OWNERSHIP_BY_LAW, Status.OWNERSHIP_RETAINED_BY_STATE)
# From recognition on, until the case is closed: commercialisation support may be asked for (Đồng Tháp appendix
# row 9: "khi kết quả nghiên cứu được công nhận").
RECOGNISED_STATES = tuple(
    state
    for state in Status
    if state not in (Status.ACCEPTANCE_SUBMITTED, Status.ACCEPTANCE_RETURNED, Status.NOT_ACCEPTED, Status.CLOSED)
)
FINAL_STATES = (Status.NOT_ACCEPTED, Status.CLOSED)


class Party(models.TextChoices):
    HOST = "host", _("Tổ chức chủ trì")
    MANAGING = "managing", _("Cơ quan quản lý nhiệm vụ")
    OWNER = "owner", _("Chủ sở hữu kết quả")
    RECEIVING = "receiving", _("Đơn vị tiếp nhận")
    # Who decides ownership under the old regime (Decree 08/2014): the Chairman of the provincial People's Committee
    # for the tasks its departments manage, the minister for a ministry's tasks (tasks_registry.access).
    AUTHORITY = "authority", _("Cấp có thẩm quyền quyết định giao quyền")
    # Who registers a result (TT 14/2014): Sở KH&CN for provincial tasks, the national S&T information agency for
    # national and ministerial ones (tasks_registry.access).
    REGISTRAR = "registrar", _("Cơ quan đăng ký kết quả")
    # Who asked for a commercialisation support: the owner, or the host before ownership is settled.
    APPLICANT = "applicant", _("Tổ chức đề nghị hỗ trợ")


class OwnershipOutcome(models.TextChoices):
    """Decree 70/2018 Art. 41 order of preference, plus the Law 93/2025 routes."""

    USE_RIGHTS_STATE_ASSET = (
        "use_rights_state_asset",
        _("Giao quyền sử dụng, ghi tăng tài sản cho cơ quan, đơn vị nhà nước"),
    )
    STATE_CAPITAL = "state_capital", _("Giao quyền sở hữu, ghi tăng vốn nhà nước tại doanh nghiệp")
    HOST_WITH_REPAYMENT = "host_with_repayment", _("Giao quyền sở hữu cho tổ chức chủ trì có bồi hoàn")
    OTHER_APPLICANT_WITH_REPAYMENT = "other_applicant", _("Giao cho tổ chức, cá nhân khác có bồi hoàn")
    OTHER_DISPOSAL = "other_disposal", _("Xử lý theo hình thức khác")
    BY_LAW = "by_law", _("Thuộc tổ chức chủ trì theo luật")
    RETAINED_BY_STATE = "retained_by_state", _("Nhà nước giữ quyền")


class HostKind(models.TextChoices):
    """What kind of body a host is: Decree 70/2018 assigns a result's use rights as a state asset to state agencies
    and public units, and its ownership as state capital to enterprises the state owns wholly."""

    PUBLIC_BODY = "public_body", _("Cơ quan nhà nước, đơn vị sự nghiệp công lập")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ")
    OTHER = "other", _("Tổ chức, doanh nghiệp khác")


# The outcomes only some kinds of host may receive (Decree 70/2018 order of preference); any other is open to all.
OUTCOME_HOST_KINDS = {
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET: (HostKind.PUBLIC_BODY,),
    OwnershipOutcome.STATE_CAPITAL: (HostKind.STATE_ENTERPRISE,),
}


def outcome_fits_host(outcome, host_kind):
    return outcome not in OUTCOME_HOST_KINDS or host_kind in OUTCOME_HOST_KINDS[outcome]


# Outcomes the competent authority may decide, by the state the decision is taken from.
OUTCOMES_AFTER_APPRAISAL = (
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET,
    OwnershipOutcome.STATE_CAPITAL,
    OwnershipOutcome.HOST_WITH_REPAYMENT,
    OwnershipOutcome.OTHER_DISPOSAL,
)
OUTCOMES_WITHOUT_REQUEST = (
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET,
    OwnershipOutcome.STATE_CAPITAL,
    OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT,
    OwnershipOutcome.OTHER_DISPOSAL,
)


def outcomes_decided_from(status, host_applied=None):
    """The outcomes the competent authority may decide for a result in `status` (the task form offers these).

    Once the dossier is before the authority (`OWNERSHIP_SUBMITTED`), `host_applied` says which route brought it:
    the host's application (appraised) or its statement not to apply."""
    if status == Status.OWNERSHIP_SUBMITTED:
        return OUTCOMES_AFTER_APPRAISAL if host_applied else OUTCOMES_WITHOUT_REQUEST
    return OUTCOMES_AFTER_APPRAISAL if status == Status.OWNERSHIP_APPRAISED else OUTCOMES_WITHOUT_REQUEST


# Outcomes after which nobody holds rights to transfer.
OUTCOMES_WITHOUT_HOLDER = (OwnershipOutcome.OTHER_DISPOSAL,)


OFFICER_WORK = WORKING_ROLES
HEAD_DECISION = (Role.HEAD,)


# --- guards: what must be true of a result, beyond its state, for a step to be legal -------------------------------


def _state_after_registration(result, *args, **kwargs):
    if not result.regime.ownership_by_law:
        return Status.REGISTERED
    if result.task.state_retains_rights:
        return Status.OWNERSHIP_RETAINED_BY_STATE
    return Status.OWNERSHIP_BY_LAW


def _regime_recorded(result):
    return result.regime_id is not None


def _registration_number_given(result):
    return bool(result.registration_no)


def _under_rights_route(result):
    """The old regime (Decree 08/2014, 70/2018): ownership must be applied for and decided."""
    return result.regime_id is not None and not result.regime.ownership_by_law


def _state_before_submission(result, *args, **kwargs):
    """Where a dossier the authority sends back returns to: the appraised application, or the host's statement."""
    return Status.OWNERSHIP_APPRAISED if result.ownership_requested else Status.OWNERSHIP_NOT_REQUESTED


def _asset_report_overdue(result):
    """The host's 60 days to report the asset (Decree 70/2018) were found to have lapsed (workflows.lapses)."""
    return result.asset_report_overdue_on is not None


def _someone_holds_rights(result):
    return result.ownership_outcome not in OUTCOMES_WITHOUT_HOLDER and result.ownership_holder_id is not None


def _nothing_under_way(result):
    """No transfer waits for an answer or an application report, and no support for its appraisal, decision or
    report: closing the case would leave them without anyone to follow them."""
    return not (
        result.transfers.filter(status__in=OPEN_TRANSFER_STATES).exists()
        or result.supports.filter(status__in=OPEN_SUPPORT_STATES).exists()
    )


def _nothing_left_to_follow(result):
    """Nothing is under way, and a result whose ownership is settled has been transferred or applied, or offered
    and declined, or left with nobody holding rights to it."""
    if not _nothing_under_way(result):
        return False
    if result.status in OWNERSHIP_SETTLED:
        return not _someone_holds_rights(result) or result.transfers.filter(status=TransferStatus.DECLINED).exists()
    return True


def _unchanged(result, *args, **kwargs):
    """A step that opens a transfer or a support leaves the result where it is: the new record has its own state."""
    return result.status


# --- the registry of steps ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One legal step of a result's lifecycle, declared once.

    Everything else is derived from it: the state machine's transition method on `Result` (`transition_methods`),
    the service that takes it (`services.service_for`), the work that offers it and the queue it lands in
    (`workflows.pending`), the task form's fields (`workflows.forms`), the audit event's action and label.
    """

    name: str
    label: str
    source: tuple  # the states it may be taken from
    target: tuple  # the state it leads to; several when `choose_target` picks one of them
    actors: tuple  # ((party, roles), ...): any one of them may take the step
    fields: tuple = ()  # what the step's form asks for; the step's service takes them as keyword arguments
    conditions: tuple = ()  # guards on the result beyond its state
    choose_target: object = None
    comment_required: bool = False
    # The step sends the dossier back to be completed: its reason is kept as a DossierReturn for the party that
    # must complete it.
    returns_dossier: bool = False
    # What the step acts on (RESULT, TRANSFER or SUPPORT): `source` and `target` are states of that record.
    subject: str = RESULT
    # A step of the result that opens a new transfer or support (TRANSFER, SUPPORT): it leaves the result's state
    # as it is and is offered only by the works that follow a result (`Work.follows`) and on the result's page.
    opens: str | None = None
    # A step of a transfer that also moves the result on: (the result's states it moves from, the state it moves
    # to). The first transfer confirmed makes the result "transferred", the first applied makes it "applied".
    advances: tuple | None = None

    @property
    def party(self):
        """The party that normally takes the step (the first named)."""
        return self.actors[0][0]

    @property
    def roles(self):
        return self.actors[0][1]

    @property
    def parties(self):
        return tuple(party for party, _roles in self.actors)

    @property
    def action(self):
        """The audit event's action; its label is the step's."""
        return f"result.{self.name}"


def _states(value):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _step(
    name,
    label,
    source,
    target,
    party,
    roles=OFFICER_WORK,
    *,
    fields=(),
    conditions=(),
    choose_target=None,
    comment_required=False,
    returns_dossier=False,
    also=(),
    subject=RESULT,
    opens=None,
    advances=None,
):
    step = Step(
        name,
        label,
        _states(source),
        _states(target),
        ((party, tuple(roles)), *also),
        tuple(fields),
        tuple(conditions),
        choose_target,
        comment_required,
        returns_dossier,
        subject,
        opens,
        advances,
    )
    return name, step


def _return_step(
    name, label, source, target, party=Party.MANAGING, roles=OFFICER_WORK, choose_target=None, subject=RESULT
):
    return _step(
        name,
        label,
        source,
        target,
        party,
        roles,
        comment_required=True,
        returns_dossier=True,
        choose_target=choose_target,
        subject=subject,
    )


S, T, U = Status, TransferStatus, SupportStatus
# The order is the order a task page offers a work's steps in: the decision first, sending back after it.
STEPS = dict(
    [
        # --- acceptance (TT 40/2014; provincial procedure 2.002711) ---
        _step(
            "accept",
            _("Công nhận kết quả nghiệm thu"),
            S.ACCEPTANCE_SUBMITTED,
            S.ACCEPTED,
            Party.MANAGING,
            HEAD_DECISION,
            fields=("acceptance_date", "grade", "decision_no", "decision_date"),
        ),
        _step(
            "reject",
            _("Không công nhận kết quả"),
            S.ACCEPTANCE_SUBMITTED,
            S.NOT_ACCEPTED,
            Party.MANAGING,
            HEAD_DECISION,
            fields=("acceptance_date",),
            comment_required=True,
        ),
        _return_step(
            "return_acceptance",
            _("Trả hồ sơ nghiệm thu để bổ sung"),
            S.ACCEPTANCE_SUBMITTED,
            S.ACCEPTANCE_RETURNED,
        ),
        _step(
            "resubmit_acceptance",
            _("Nộp lại hồ sơ nghiệm thu"),
            S.ACCEPTANCE_RETURNED,
            S.ACCEPTANCE_SUBMITTED,
            Party.HOST,
        ),
        # --- registration (TT 14/2014, amended Art. 12) ---
        _step(
            "submit_registration",
            _("Nộp hồ sơ đăng ký kết quả"),
            S.ACCEPTED,
            S.REGISTRATION_SUBMITTED,
            Party.HOST,
        ),
        _step(
            "register",
            _("Cấp giấy chứng nhận đăng ký kết quả"),
            S.REGISTRATION_SUBMITTED,
            (S.REGISTERED, S.OWNERSHIP_BY_LAW, S.OWNERSHIP_RETAINED_BY_STATE),
            Party.REGISTRAR,
            fields=("registration_no", "archive_no", "registered_on"),
            conditions=(_regime_recorded, _registration_number_given),
            # The regime in force when the task was approved decides whether ownership must still be applied for.
            choose_target=_state_after_registration,
        ),
        _return_step(
            "return_registration",
            _("Trả hồ sơ đăng ký để bổ sung"),
            S.REGISTRATION_SUBMITTED,
            S.REGISTRATION_RETURNED,
            Party.REGISTRAR,
        ),
        _step(
            "resubmit_registration",
            _("Nộp lại hồ sơ đăng ký"),
            S.REGISTRATION_RETURNED,
            S.REGISTRATION_SUBMITTED,
            Party.HOST,
        ),
        # --- ownership under the old regime (Decree 08/2014, Decree 70/2018) ---
        _step(
            "apply_for_ownership",
            _("Đề nghị giao quyền sở hữu, quyền sử dụng"),
            S.REGISTERED,
            S.OWNERSHIP_REQUESTED,
            Party.HOST,
            conditions=(_under_rights_route,),
        ),
        # Decree 70/2018: a host that does not apply reports the result as a state asset, with its creation cost.
        _step(
            "decline_ownership",
            _("Không đề nghị giao quyền, báo cáo tài sản"),
            S.REGISTERED,
            S.OWNERSHIP_NOT_REQUESTED,
            Party.HOST,
            fields=("creation_cost",),
            conditions=(_under_rights_route,),
        ),
        # ... and when its 60 days lapse with neither, the managing agency records it: the authority then decides as
        # for a host that did not apply.
        _step(
            "record_asset_report_lapse",
            _("Ghi nhận quá hạn báo cáo tài sản"),
            S.REGISTERED,
            S.OWNERSHIP_NOT_REQUESTED,
            Party.MANAGING,
            conditions=(_under_rights_route, _asset_report_overdue),
        ),
        _step(
            "appraise_ownership",
            _("Thẩm định hồ sơ giao quyền"),
            S.OWNERSHIP_REQUESTED,
            S.OWNERSHIP_APPRAISED,
            Party.MANAGING,
        ),
        _return_step(
            "return_ownership",
            _("Trả hồ sơ giao quyền để bổ sung"),
            S.OWNERSHIP_REQUESTED,
            S.OWNERSHIP_RETURNED,
        ),
        _step(
            "resubmit_ownership",
            _("Nộp lại hồ sơ giao quyền"),
            S.OWNERSHIP_RETURNED,
            S.OWNERSHIP_REQUESTED,
            Party.HOST,
        ),
        # The Sở submits the appraised dossier (or the host's statement not to apply) to the competent authority,
        # which decides (Decree 08/2014; national procedure 198: "Chủ tịch UBND tỉnh quyết định").
        _step(
            "submit_ownership_decision",
            _("Trình cấp có thẩm quyền quyết định giao quyền"),
            (S.OWNERSHIP_APPRAISED, S.OWNERSHIP_NOT_REQUESTED),
            S.OWNERSHIP_SUBMITTED,
            Party.MANAGING,
            HEAD_DECISION,
            fields=("submission_no",),
            conditions=(_under_rights_route,),
        ),
        # The authority may send the submission back to the Sở to complete, with its reason.
        _return_step(
            "return_ownership_submission",
            _("Trả hồ sơ trình để Sở hoàn thiện"),
            S.OWNERSHIP_SUBMITTED,
            (S.OWNERSHIP_APPRAISED, S.OWNERSHIP_NOT_REQUESTED),
            Party.AUTHORITY,
            HEAD_DECISION,
            choose_target=_state_before_submission,
        ),
        _step(
            "decide_ownership",
            _("Quyết định giao quyền"),
            S.OWNERSHIP_SUBMITTED,
            S.OWNERSHIP_DECIDED,
            Party.AUTHORITY,
            HEAD_DECISION,
            fields=("outcome", "decision_no", "decision_date", "holder", "repayment_value"),
            conditions=(_under_rights_route,),
        ),
        # --- transfers to receiving units (Law on Technology Transfer 2017): as many as happen, each its own case ---
        _step(
            "offer_transfer",
            _("Đề nghị chuyển giao"),
            (*OWNERSHIP_SETTLED, S.TRANSFERRED, S.APPLIED),
            (*OWNERSHIP_SETTLED, S.TRANSFERRED, S.APPLIED),
            Party.OWNER,
            fields=("receiving_unit", "transfer_form", "rights", "contract_no", "contract_value"),
            conditions=(_someone_holds_rights,),
            choose_target=_unchanged,
            opens=TRANSFER,
        ),
        _step(
            "confirm_transfer",
            _("Xác nhận nhận chuyển giao"),
            T.OFFERED,
            T.CONFIRMED,
            Party.RECEIVING,
            fields=("contract_no", "contract_value"),
            subject=TRANSFER,
            advances=(OWNERSHIP_SETTLED, S.TRANSFERRED),
        ),
        _step(
            "decline_transfer",
            _("Từ chối nhận chuyển giao"),
            T.OFFERED,
            T.DECLINED,
            Party.RECEIVING,
            comment_required=True,
            subject=TRANSFER,
        ),
        _step(
            "report_application",
            _("Báo cáo kết quả ứng dụng"),
            T.CONFIRMED,
            T.APPLIED,
            Party.RECEIVING,
            fields=("report",),
            subject=TRANSFER,
            advances=((*OWNERSHIP_SETTLED, S.TRANSFERRED), S.APPLIED),
        ),
        _step(
            "report_own_application",
            _("Báo cáo tự ứng dụng kết quả"),
            (*OWNERSHIP_SETTLED, S.TRANSFERRED),
            S.APPLIED,
            Party.OWNER,
            fields=("report",),
            conditions=(_someone_holds_rights,),
        ),
        # --- commercialisation support (Decree 76/2018 ch. 3): from recognition on, in as many cycles as happen ---
        _step(
            "request_support",
            _("Đề nghị hỗ trợ thương mại hoá"),
            RECOGNISED_STATES,
            RECOGNISED_STATES,
            Party.OWNER,
            fields=("support_kind", "requested_amount", "intermediary"),
            choose_target=_unchanged,
            opens=SUPPORT,
            # Before ownership is settled, the host asks (the service refuses it once someone else holds the rights).
            also=((Party.HOST, OFFICER_WORK),),
        ),
        _step(
            "appraise_support",
            _("Thẩm định hồ sơ hỗ trợ"),
            U.REQUESTED,
            U.APPRAISED,
            Party.MANAGING,
            subject=SUPPORT,
        ),
        _return_step(
            "return_support",
            _("Trả hồ sơ hỗ trợ để bổ sung"),
            U.REQUESTED,
            U.RETURNED,
            subject=SUPPORT,
        ),
        # The applicant may correct what was sent back: the kind, the amount, the intermediary (blank keeps it).
        _step(
            "resubmit_support",
            _("Nộp lại hồ sơ hỗ trợ"),
            U.RETURNED,
            U.REQUESTED,
            Party.APPLICANT,
            fields=("support_kind", "requested_amount", "intermediary"),
            subject=SUPPORT,
        ),
        _step(
            "grant_support",
            _("Quyết định hỗ trợ thương mại hoá"),
            U.APPRAISED,
            U.GRANTED,
            Party.MANAGING,
            HEAD_DECISION,
            fields=("decision_no", "granted_amount"),
            subject=SUPPORT,
        ),
        _step(
            "refuse_support",
            _("Không hỗ trợ thương mại hoá"),
            U.APPRAISED,
            U.REFUSED,
            Party.MANAGING,
            HEAD_DECISION,
            comment_required=True,
            subject=SUPPORT,
        ),
        _step(
            "report_support_outcome",
            _("Báo cáo kết quả hỗ trợ"),
            U.GRANTED,
            U.REPORTED,
            Party.APPLICANT,
            fields=("report",),
            subject=SUPPORT,
        ),
        # The owner may stop following its own result once nothing is under way; the managing agency closes one
        # that nobody holds.
        _step(
            "close",
            _("Kết thúc theo dõi"),
            (*OWNERSHIP_SETTLED, S.TRANSFERRED, S.APPLIED),
            S.CLOSED,
            Party.MANAGING,
            HEAD_DECISION,
            conditions=(_nothing_left_to_follow,),
            also=((Party.OWNER, OFFICER_WORK),),
        ),
    ]
)
del S, T, U


def _transition_method(name, source, target, conditions, choose_target, field_name):
    def take(self):
        """Fires the step; the state machine sets the target. The services call it (they check who acts, keep the
        step's records and write its audit event in the same transaction), and the import on a new result."""

    take.__name__ = take.__qualname__ = name
    to = target[0] if choose_target is None else GET_STATE(choose_target, states=list(target))
    return transition(field=field_name, source=list(source), target=to, conditions=list(conditions))(take)


def _transitions_of(subject):
    """(step name, source, target, conditions, choose_target) of every transition the record `subject` has: the
    steps that act on it, and for the result also the moves a transfer's step makes it take (`Step.advances`)."""
    for name, step in STEPS.items():
        if step.subject == subject:
            yield name, step.source, step.target, step.conditions, step.choose_target
        elif subject == RESULT and step.advances:
            sources, target = step.advances
            yield name, _states(sources), (target,), (), None


def transition_methods(field_name, subject=RESULT):
    """A mixin holding one django-fsm transition method per step of `subject` (the result, a transfer, a support),
    for the model whose state field is `field_name`: the state machine is the registry, not a second copy of it."""
    return type(
        "StepTransitions",
        (),
        {
            "__module__": __name__,
            "__doc__": "The lifecycle's transitions, one per step of STEPS.",
            **{
                name: _transition_method(name, source, target, conditions, choose, field_name)
                for name, source, target, conditions, choose in _transitions_of(subject)
            },
        },
    )
