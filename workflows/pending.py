"""What each state of a result waits for: the work, the party that must do it, the role whose queue it lands
in, and the steps offered. The flow routes on this table, so the queues follow the state machine."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tasks_registry.lifecycle import Party
from tasks_registry.lifecycle import Status as S
from tasks_registry.roles import Role


@dataclass(frozen=True)
class Work:
    name: str
    title: str
    party: str
    role: str
    steps: tuple


WORKS = {
    work.name: work
    for work in (
        Work(
            "review_acceptance",
            _("Đánh giá, công nhận kết quả"),
            Party.MANAGING,
            Role.HEAD,
            ("accept", "reject", "return_acceptance"),
        ),
        Work("complete_acceptance", _("Bổ sung hồ sơ nghiệm thu"), Party.HOST, Role.OFFICER, ("resubmit_acceptance",)),
        Work("submit_registration", _("Nộp hồ sơ đăng ký kết quả"), Party.HOST, Role.OFFICER, ("submit_registration",)),
        Work(
            "verify_registration",
            _("Kiểm tra hồ sơ đăng ký kết quả"),
            Party.MANAGING,
            Role.OFFICER,
            ("register", "return_registration"),
        ),
        Work("complete_registration", _("Bổ sung hồ sơ đăng ký"), Party.HOST, Role.OFFICER, ("resubmit_registration",)),
        Work(
            "apply_for_ownership",
            _("Đề nghị giao quyền sở hữu, sử dụng"),
            Party.HOST,
            Role.OFFICER,
            ("apply_for_ownership", "decline_ownership"),
        ),
        Work(
            "appraise_ownership",
            _("Thẩm định hồ sơ giao quyền"),
            Party.MANAGING,
            Role.OFFICER,
            ("appraise_ownership", "return_ownership"),
        ),
        Work("complete_ownership", _("Bổ sung hồ sơ giao quyền"), Party.HOST, Role.OFFICER, ("resubmit_ownership",)),
        Work(
            "decide_ownership",
            _("Quyết định giao quyền (thay mặt cơ quan có thẩm quyền)"),
            Party.MANAGING,
            Role.HEAD,
            ("decide_ownership",),
        ),
        Work(
            "arrange_transfer",
            _("Chuyển giao hoặc tự ứng dụng kết quả"),
            Party.OWNER,
            Role.OFFICER,
            ("offer_transfer", "report_own_application", "close"),
        ),
        Work(
            "close_unheld", _("Kết thúc theo dõi kết quả không còn chủ sở hữu"), Party.MANAGING, Role.HEAD, ("close",)
        ),
        Work(
            "answer_transfer",
            _("Xác nhận nhận chuyển giao"),
            Party.RECEIVING,
            Role.OFFICER,
            ("confirm_transfer", "decline_transfer"),
        ),
        Work(
            "report_application",
            _("Báo cáo kết quả ứng dụng, nhân rộng"),
            Party.RECEIVING,
            Role.OFFICER,
            ("report_application",),
        ),
        Work(
            "follow_application",
            _("Đề nghị hỗ trợ thương mại hoá hoặc kết thúc"),
            Party.OWNER,
            Role.OFFICER,
            ("request_support", "close"),
        ),
        Work(
            "appraise_support",
            _("Thẩm định hồ sơ hỗ trợ thương mại hoá"),
            Party.MANAGING,
            Role.OFFICER,
            ("appraise_support", "return_support"),
        ),
        Work("complete_support", _("Bổ sung hồ sơ hỗ trợ"), Party.OWNER, Role.OFFICER, ("resubmit_support",)),
        Work(
            "decide_support",
            _("Quyết định hỗ trợ thương mại hoá"),
            Party.MANAGING,
            Role.HEAD,
            ("grant_support", "refuse_support"),
        ),
        Work(
            "report_support_outcome",
            _("Báo cáo kết quả hỗ trợ"),
            Party.OWNER,
            Role.OFFICER,
            ("report_support_outcome",),
        ),
        Work("close_supported", _("Kết thúc theo dõi sau hỗ trợ"), Party.OWNER, Role.OFFICER, ("close",)),
    )
}

_BY_STATE = {
    S.ACCEPTANCE_SUBMITTED: "review_acceptance",
    S.ACCEPTANCE_RETURNED: "complete_acceptance",
    S.ACCEPTED: "submit_registration",
    S.REGISTRATION_SUBMITTED: "verify_registration",
    S.REGISTRATION_RETURNED: "complete_registration",
    S.REGISTERED: "apply_for_ownership",
    S.OWNERSHIP_REQUESTED: "appraise_ownership",
    S.OWNERSHIP_RETURNED: "complete_ownership",
    S.OWNERSHIP_APPRAISED: "decide_ownership",
    S.OWNERSHIP_NOT_REQUESTED: "decide_ownership",
    S.OWNERSHIP_BY_LAW: "arrange_transfer",
    S.OWNERSHIP_RETAINED_BY_STATE: "arrange_transfer",
    S.TRANSFER_DECLINED: "arrange_transfer",
    S.TRANSFER_OFFERED: "answer_transfer",
    S.TRANSFERRED: "report_application",
    S.APPLIED: "follow_application",
    S.SUPPORT_REFUSED: "follow_application",
    S.SUPPORT_REQUESTED: "appraise_support",
    S.SUPPORT_RETURNED: "complete_support",
    S.SUPPORT_APPRAISED: "decide_support",
    S.SUPPORT_GRANTED: "report_support_outcome",
    S.SUPPORTED: "close_supported",
}


def work_for(result):
    """The work a result waits for now, or None when its case is over."""
    if result.status == S.OWNERSHIP_DECIDED:
        return WORKS["arrange_transfer" if result.ownership_holder_id else "close_unheld"]
    name = _BY_STATE.get(result.status)
    return WORKS[name] if name else None
