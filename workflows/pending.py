"""What each state of a result waits for: the work, the party that must do it and the role whose queue it lands
in. The steps a work offers come from the registry of steps, and the flow has one task node per work and routes on
`work_for`, so the queues follow the state machine."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tasks_registry.lifecycle import RESULT, STEPS, SUPPORT, TRANSFER, Party, SupportStatus, TransferStatus
from tasks_registry.lifecycle import Status as S
from tasks_registry.roles import Role


@dataclass(frozen=True)
class Work:
    """What a result waits for in some of its states: a task in the queue of `role` at the agency acting as
    `party`. The steps it offers are the registry's steps that this party may take from these states."""

    name: str
    title: str | Promise
    party: str
    role: str
    states: tuple
    # Among works that share a state, whether this one is the result's: ownership decided for nobody is closed
    # by the managing agency, not passed on by an owner.
    applies: Callable[[object], bool] = lambda result: True
    # What waits: the result itself, or one of its transfers or supports (each followed by a process of its own).
    subject: str = RESULT
    # The owner's standing work on a result whose ownership is settled: it offers the steps that open a new transfer
    # or support, besides those that move the result on.
    follows: bool = False

    @cached_property
    def steps(self):
        return tuple(
            name
            for name, step in STEPS.items()
            if step.subject == self.subject
            and self.party in step.parties
            and any(state in step.source for state in self.states)
            and (self.follows or not step.opens)
        )


def _asset_report_lapsed(result):
    return result.asset_report_overdue_on is not None


def _left_with_a_holder(result):
    return result.status != S.OWNERSHIP_DECIDED or result.ownership_holder_id is not None


def _decided_for_nobody(result):
    return result.ownership_holder_id is None


WORKS = {
    work.name: work
    for work in (
        Work(
            "review_acceptance", _("Đánh giá, công nhận kết quả"), Party.MANAGING, Role.HEAD, (S.ACCEPTANCE_SUBMITTED,)
        ),
        Work("complete_acceptance", _("Bổ sung hồ sơ nghiệm thu"), Party.HOST, Role.OFFICER, (S.ACCEPTANCE_RETURNED,)),
        Work("submit_registration", _("Nộp hồ sơ đăng ký kết quả"), Party.HOST, Role.OFFICER, (S.ACCEPTED,)),
        Work(
            "verify_registration",
            _("Kiểm tra hồ sơ đăng ký kết quả"),
            Party.REGISTRAR,
            Role.OFFICER,
            (S.REGISTRATION_SUBMITTED,),
        ),
        Work("complete_registration", _("Bổ sung hồ sơ đăng ký"), Party.HOST, Role.OFFICER, (S.REGISTRATION_RETURNED,)),
        # Decree 70/2018: once the host's 60 days have lapsed (workflows.lapses), the managing agency records it.
        Work(
            "record_asset_report_lapse",
            _("Ghi nhận quá hạn báo cáo tài sản"),
            Party.MANAGING,
            Role.OFFICER,
            (S.REGISTERED,),
            applies=_asset_report_lapsed,
        ),
        Work(
            "apply_for_ownership",
            _("Đề nghị giao quyền hoặc báo cáo tài sản"),
            Party.HOST,
            Role.OFFICER,
            (S.REGISTERED,),
        ),
        Work(
            "appraise_ownership",
            _("Thẩm định hồ sơ giao quyền"),
            Party.MANAGING,
            Role.OFFICER,
            (S.OWNERSHIP_REQUESTED,),
        ),
        Work("complete_ownership", _("Bổ sung hồ sơ giao quyền"), Party.HOST, Role.OFFICER, (S.OWNERSHIP_RETURNED,)),
        Work(
            "submit_ownership_decision",
            _("Trình cấp có thẩm quyền quyết định giao quyền"),
            Party.MANAGING,
            Role.HEAD,
            (S.OWNERSHIP_APPRAISED, S.OWNERSHIP_NOT_REQUESTED),
        ),
        Work(
            "decide_ownership",
            _("Quyết định giao quyền sở hữu, quyền sử dụng"),
            Party.AUTHORITY,
            Role.HEAD,
            (S.OWNERSHIP_SUBMITTED,),
        ),
        Work(
            "arrange_transfer",
            _("Chuyển giao hoặc tự ứng dụng kết quả"),
            Party.OWNER,
            Role.OFFICER,
            (S.OWNERSHIP_BY_LAW, S.OWNERSHIP_RETAINED_BY_STATE, S.OWNERSHIP_DECIDED, S.TRANSFERRED),
            applies=_left_with_a_holder,
            follows=True,
        ),
        Work(
            "close_unheld",
            _("Kết thúc theo dõi kết quả không còn chủ sở hữu"),
            Party.MANAGING,
            Role.HEAD,
            (S.OWNERSHIP_DECIDED,),
            applies=_decided_for_nobody,
        ),
        Work(
            "follow_application",
            _("Nhân rộng, hỗ trợ thương mại hoá hoặc kết thúc theo dõi"),
            Party.OWNER,
            Role.OFFICER,
            (S.APPLIED,),
            follows=True,
        ),
        # Each transfer's own case: the receiving unit answers the offer, then reports applying the result.
        Work(
            "answer_transfer",
            _("Xác nhận nhận chuyển giao"),
            Party.RECEIVING,
            Role.OFFICER,
            (TransferStatus.OFFERED,),
            subject=TRANSFER,
        ),
        Work(
            "report_application",
            _("Báo cáo kết quả ứng dụng, nhân rộng"),
            Party.RECEIVING,
            Role.OFFICER,
            (TransferStatus.CONFIRMED,),
            subject=TRANSFER,
        ),
        # Each support's own case: appraised and decided by the managing agency, completed and reported by who asked.
        Work(
            "appraise_support",
            _("Thẩm định hồ sơ hỗ trợ thương mại hoá"),
            Party.MANAGING,
            Role.OFFICER,
            (SupportStatus.REQUESTED,),
            subject=SUPPORT,
        ),
        Work(
            "complete_support",
            _("Bổ sung hồ sơ hỗ trợ"),
            Party.APPLICANT,
            Role.OFFICER,
            (SupportStatus.RETURNED,),
            subject=SUPPORT,
        ),
        Work(
            "decide_support",
            _("Quyết định hỗ trợ thương mại hoá"),
            Party.MANAGING,
            Role.HEAD,
            (SupportStatus.APPRAISED,),
            subject=SUPPORT,
        ),
        Work(
            "report_support_outcome",
            _("Báo cáo kết quả hỗ trợ"),
            Party.APPLICANT,
            Role.OFFICER,
            (SupportStatus.GRANTED,),
            subject=SUPPORT,
        ),
    )
}

_BY_STATE: dict[tuple[str, str], list[Work]] = {}
for _work in WORKS.values():
    for _state in _work.states:
        _BY_STATE.setdefault((_work.subject, _state), []).append(_work)
del _work, _state


def subject_kind(subject):
    """RESULT, TRANSFER or SUPPORT: what kind of record `subject` is (a result, or one of its transfers or supports)."""
    return getattr(type(subject), "lifecycle_subject", RESULT)


def work_for(result, subject=None):
    """The work a result (or one of its transfers or supports, `subject`) waits for now, or None when its case is
    over."""
    if subject is not None:
        works = _BY_STATE.get((subject_kind(subject), subject.status), ())
        return next(iter(works), None)
    return next((work for work in _BY_STATE.get((RESULT, result.status), ()) if work.applies(result)), None)
