"""Drives a result through the lifecycle the way the people of a test province would, one service call per step.

`EXPECTED` is the legal table written from DOMAIN.md, independent of the model's decorators: the tests compare
what the services do against it.
"""

import datetime

from tasks_registry import services
from tasks_registry.lifecycle import OwnershipOutcome
from tasks_registry.lifecycle import Status as S
from tasks_registry.models import SupportKind, TransferForm

SETTLED = {S.OWNERSHIP_DECIDED, S.OWNERSHIP_BY_LAW, S.OWNERSHIP_RETAINED_BY_STATE}
# Recognised and not closed: everything after acceptance.
RECOGNISED = set(S) - {S.ACCEPTANCE_SUBMITTED, S.ACCEPTANCE_RETURNED, S.NOT_ACCEPTED, S.CLOSED}
UNCHANGED = "unchanged"
OPEN_TRANSFER = {"offered", "confirmed"}
OPEN_SUPPORT = {"requested", "returned", "appraised", "granted"}

# The steps of one transfer or one support: step -> (what it acts on, its legal source states, its target, and how it
# moves the result on: (the result's states it moves from, where to) or None).
TRACKS = {
    "confirm_transfer": ("transfer", {"offered"}, "confirmed", (SETTLED, S.TRANSFERRED)),
    "decline_transfer": ("transfer", {"offered"}, "declined", None),
    "report_application": ("transfer", {"confirmed"}, "applied", (SETTLED | {S.TRANSFERRED}, S.APPLIED)),
    "appraise_support": ("support", {"requested"}, "appraised", None),
    "return_support": ("support", {"requested"}, "returned", None),
    "resubmit_support": ("support", {"returned"}, "requested", None),
    "grant_support": ("support", {"appraised"}, "granted", None),
    "refuse_support": ("support", {"appraised"}, "refused", None),
    "report_support_outcome": ("support", {"granted"}, "reported", None),
}


def _registered_target(result):
    if not result.task.regime.ownership_by_law:
        return S.REGISTERED
    return S.OWNERSHIP_RETAINED_BY_STATE if result.task.state_retains_rights else S.OWNERSHIP_BY_LAW


# step -> (legal source states, target state or function of the result)
EXPECTED = {
    "return_acceptance": ({S.ACCEPTANCE_SUBMITTED}, S.ACCEPTANCE_RETURNED),
    "resubmit_acceptance": ({S.ACCEPTANCE_RETURNED}, S.ACCEPTANCE_SUBMITTED),
    "accept": ({S.ACCEPTANCE_SUBMITTED}, S.ACCEPTED),
    "reject": ({S.ACCEPTANCE_SUBMITTED}, S.NOT_ACCEPTED),
    "submit_registration": ({S.ACCEPTED}, S.REGISTRATION_SUBMITTED),
    "return_registration": ({S.REGISTRATION_SUBMITTED}, S.REGISTRATION_RETURNED),
    "resubmit_registration": ({S.REGISTRATION_RETURNED}, S.REGISTRATION_SUBMITTED),
    "register": ({S.REGISTRATION_SUBMITTED}, _registered_target),
    "apply_for_ownership": ({S.REGISTERED}, S.OWNERSHIP_REQUESTED),
    "decline_ownership": ({S.REGISTERED}, S.OWNERSHIP_NOT_REQUESTED),
    # Decree 70/2018: only once the host's 60 days were found lapsed.
    "record_asset_report_lapse": ({S.REGISTERED}, S.OWNERSHIP_NOT_REQUESTED),
    "return_ownership": ({S.OWNERSHIP_REQUESTED}, S.OWNERSHIP_RETURNED),
    "resubmit_ownership": ({S.OWNERSHIP_RETURNED}, S.OWNERSHIP_REQUESTED),
    "appraise_ownership": ({S.OWNERSHIP_REQUESTED}, S.OWNERSHIP_APPRAISED),
    # Decree 08/2014: the Sở submits the appraised dossier (or the host's statement) to the Chairman, who decides.
    "submit_ownership_decision": ({S.OWNERSHIP_APPRAISED, S.OWNERSHIP_NOT_REQUESTED}, S.OWNERSHIP_SUBMITTED),
    "decide_ownership": ({S.OWNERSHIP_SUBMITTED}, S.OWNERSHIP_DECIDED),
    # ... or sends it back to the Sở, to the dossier it came from.
    "return_ownership_submission": (
        {S.OWNERSHIP_SUBMITTED},
        lambda result: S.OWNERSHIP_APPRAISED if result.ownership_requested else S.OWNERSHIP_NOT_REQUESTED,
    ),
    # A result is offered to as many units as its owner finds (Law on Technology Transfer 2017): an offer leaves
    # the result where it is; each transfer then has its own states (TRACKS).
    "offer_transfer": (SETTLED | {S.TRANSFERRED, S.APPLIED}, UNCHANGED),
    "report_own_application": (SETTLED | {S.TRANSFERRED}, S.APPLIED),
    # Support from recognition on (Đồng Tháp appendix row 9), as many requests as the owner makes.
    "request_support": (RECOGNISED, UNCHANGED),
    "close": (SETTLED | {S.TRANSFERRED, S.APPLIED}, S.CLOSED),
}


# Decree 70/2018 order of preference: use rights recorded as a state asset are for state agencies and public units,
# ownership recorded as state capital for enterprises the state owns wholly (DOMAIN.md).
HOST_KINDS_FOR = {
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET: {"public_body"},
    OwnershipOutcome.STATE_CAPITAL: {"state_enterprise"},
}


def expected_target(step, result, outcome=None):
    """The state `step` leads `result` to, or None where the law refuses it; `outcome`: the decision's outcome when
    the step is the ownership decision. A step of a transfer or support: the result's state after it, taken on the
    only one waiting for it (None when none or several wait)."""
    if step in TRACKS:
        kind, sources, _target, advances = TRACKS[step]
        records = result.transfers if kind == "transfer" else result.supports
        if records.filter(status__in=sources).count() != 1:
            return None
        if advances and result.status in advances[0]:
            return advances[1]
        return result.status
    sources, target = EXPECTED[step]
    if result.status not in sources:
        return None
    if step == "record_asset_report_lapse" and result.asset_report_overdue_on is None:
        return None
    if step == "decide_ownership" and outcome in HOST_KINDS_FOR:
        if result.task.host.host_kind not in HOST_KINDS_FOR[outcome]:
            return None
    if step == "close":
        # Nothing may be under way; a result whose ownership is settled is closed only once it was transferred,
        # applied or offered and declined, or when the decision left nobody holding rights.
        if result.transfers.filter(status__in=OPEN_TRANSFER).exists():
            return None
        if result.supports.filter(status__in=OPEN_SUPPORT).exists():
            return None
        if result.status in SETTLED and result.ownership_holder_id:
            if not result.transfers.filter(status="declined").exists():
                return None
    if step in ("offer_transfer", "report_own_application") and not result.ownership_holder_id:
        return None
    if step == "offer_transfer" and result.transfers.filter(status="offered").exists():
        return None  # the driver always offers to the same unit, which is still considering the first offer
    return result.status if target == UNCHANGED else target(result) if callable(target) else target


class Actors:
    """Who in the province acts for each step, and with which data."""

    def __init__(self, province, outcome=OwnershipOutcome.HOST_WITH_REPAYMENT):
        self.p = province
        self.outcome = outcome
        self._registration = 0

    def owner(self, result):
        holder = result.ownership_holder
        if holder == self.p.department:
            return self.p.dept_officer, holder
        return self.p.host_officer, holder

    def applicant(self, result):
        """Who asks for support: the owner, or the host while ownership is not settled."""
        if result.ownership_holder_id is None:
            return self.p.host_officer, self.p.host
        return self.owner(result)

    def call(self, step, result, **overrides):
        p = self.p
        day = result.task.approval_date + datetime.timedelta(days=400)
        table = {
            "return_acceptance": (p.dept_officer, p.department, {"comment": "Thiếu biên bản hội đồng"}),
            "resubmit_acceptance": (p.host_officer, p.host, {}),
            "accept": (p.dept_head, p.department, {"acceptance_date": day, "grade": "passed", "decision_no": "12/QĐ"}),
            "reject": (p.dept_head, p.department, {"acceptance_date": day, "comment": "Hội đồng đánh giá không đạt"}),
            "submit_registration": (p.host_officer, p.host, {}),
            "return_registration": (p.dept_officer, p.department, {"comment": "Thiếu Mẫu 5"}),
            "resubmit_registration": (p.host_officer, p.host, {}),
            "register": (
                p.dept_officer,
                p.department,
                {"registration_no": self._next_registration(result), "registered_on": day},
            ),
            "apply_for_ownership": (p.host_officer, p.host, {}),
            "decline_ownership": (p.host_officer, p.host, {"creation_cost": 480_000_000}),
            "record_asset_report_lapse": (p.dept_officer, p.department, {}),
            "return_ownership": (p.dept_officer, p.department, {"comment": "Thiếu Mẫu 2"}),
            "resubmit_ownership": (p.host_officer, p.host, {}),
            "appraise_ownership": (p.dept_officer, p.department, {}),
            "submit_ownership_decision": (p.dept_head, p.department, {"submission_no": "15/TTr-SKHCN"}),
            "decide_ownership": (*self.authority(), self._decision(result)),
            "return_ownership_submission": (*self.authority(), {"comment": "Thiếu ý kiến của Sở Tài chính"}),
            "offer_transfer": (
                *self.owner(result),
                {"receiving_unit": p.receiver, "form": TransferForm.STANDALONE, "contract_value": 150_000_000},
            ),
            "decline_transfer": (p.receiver_officer, p.receiver, {"comment": "Chưa đủ vốn đối ứng"}),
            "confirm_transfer": (p.receiver_officer, p.receiver, {"contract_no": "05/HĐCG"}),
            "report_application": (p.receiver_officer, p.receiver, {"report": "Ứng dụng trên 20 ha"}),
            "report_own_application": (*self.owner(result), {"report": "Tự sản xuất thử"}),
            "request_support": (
                *self.applicant(result),
                {"kind": SupportKind.TECHMART, "requested_amount": 30_000_000},
            ),
            "return_support": (p.dept_officer, p.department, {"comment": "Thiếu dự toán"}),
            "resubmit_support": (*self.support_applicant(result), {}),
            "appraise_support": (p.dept_officer, p.department, {}),
            "grant_support": (p.dept_head, p.department, {"decision_no": "77/QĐ-SKHCN", "granted_amount": 25_000_000}),
            "refuse_support": (p.dept_head, p.department, {"comment": "Hết kinh phí năm"}),
            "report_support_outcome": (*self.support_applicant(result), {"report": "Ký 3 hợp đồng tại Techmart"}),
            "close": (p.dept_head, p.department, {}),
        }
        actor, agency, kwargs = table[step]
        actor, agency = overrides.pop("actor", actor), overrides.pop("agency", agency)
        kwargs.update(overrides)
        return services.take_step(result, step, actor=actor, agency=agency, **kwargs)

    def support_applicant(self, result):
        """Who completes and reports a support: the agency that asked for it (the waiting one's)."""
        support = result.supports.filter(status__in=("returned", "granted")).order_by("-pk").first()
        if support is None or support.applicant_id == self.p.host.pk:
            return self.p.host_officer, self.p.host
        return self.owner(result)

    def _next_registration(self, result):
        self._registration += 1
        return f"KQ{result.pk:05d}{self._registration:02d}"

    def authority(self):
        """Who decides ownership: the Chairman of the People's Committee above the department (a province that has
        one: `committee_head`), else the department's own head (Decree 08/2014)."""
        committee = getattr(self.p, "committee", None)
        if committee is not None and self.p.department.parent_id == committee.pk:
            return self.p.committee_head, committee
        return self.p.dept_head, self.p.department

    def decision_outcome(self, result):
        """The outcome this province's authority decides for `result` (a host that did not apply cannot get it with
        repayment: its use rights are recorded as a state asset instead)."""
        if not result.ownership_requested and self.outcome == OwnershipOutcome.HOST_WITH_REPAYMENT:
            return OwnershipOutcome.USE_RIGHTS_STATE_ASSET
        return self.outcome

    def _decision(self, result):
        return {"outcome": self.decision_outcome(result), "decision_no": "99/QĐ-UBND", "repayment_value": 10_000_000}


def drive(actors, result, *steps):
    for step in steps:
        result = actors.call(step, result)
    return result


# Shortest legal paths from a fresh result, per regime.
TO_REGISTERED = ("accept", "submit_registration", "register")
# Six steps after the filing (seven events): the audit tests count on it.
TO_SUBMITTED = (*TO_REGISTERED, "apply_for_ownership", "appraise_ownership", "submit_ownership_decision")
TO_DECIDED = (
    *TO_REGISTERED,
    "apply_for_ownership",
    "appraise_ownership",
    "submit_ownership_decision",
    "decide_ownership",
)
TO_APPLIED_OLD = (*TO_DECIDED, "offer_transfer", "confirm_transfer", "report_application")
