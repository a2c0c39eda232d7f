"""The legal lifecycle of a result: its states, and which party must act for each step.

The transitions themselves are methods of `Result` (django-fsm); this module holds the vocabulary they share with
the services, the flows and the demo data. Sources for each step are in DOMAIN.md.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


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
    OWNERSHIP_DECIDED = "ownership_decided", _("Đã quyết định giao quyền")
    OWNERSHIP_BY_LAW = "ownership_by_law", _("Được giao quyền sở hữu theo luật")
    OWNERSHIP_RETAINED_BY_STATE = "ownership_retained_by_state", _("Nhà nước giữ quyền sở hữu")
    TRANSFER_OFFERED = "transfer_offered", _("Đã đề nghị chuyển giao")
    TRANSFER_DECLINED = "transfer_declined", _("Đơn vị tiếp nhận từ chối chuyển giao")
    TRANSFERRED = "transferred", _("Đã chuyển giao")
    APPLIED = "applied", _("Đã ứng dụng")
    SUPPORT_REQUESTED = "support_requested", _("Đã đề nghị hỗ trợ thương mại hoá")
    SUPPORT_RETURNED = "support_returned", _("Hồ sơ hỗ trợ trả lại để bổ sung")
    SUPPORT_APPRAISED = "support_appraised", _("Đã thẩm định hồ sơ hỗ trợ")
    SUPPORT_GRANTED = "support_granted", _("Được hỗ trợ thương mại hoá")
    SUPPORT_REFUSED = "support_refused", _("Không được hỗ trợ thương mại hoá")
    SUPPORTED = "supported", _("Đã báo cáo kết quả hỗ trợ")
    CLOSED = "closed", _("Đã kết thúc theo dõi")


# Ownership is settled in these states: a transfer may be offered from them.
OWNERSHIP_SETTLED = (Status.OWNERSHIP_DECIDED, Status.OWNERSHIP_BY_LAW, Status.OWNERSHIP_RETAINED_BY_STATE)
FINAL_STATES = (Status.NOT_ACCEPTED, Status.CLOSED)


class Party(models.TextChoices):
    HOST = "host", _("Tổ chức chủ trì")
    MANAGING = "managing", _("Cơ quan quản lý nhiệm vụ")
    OWNER = "owner", _("Chủ sở hữu kết quả")
    RECEIVING = "receiving", _("Đơn vị tiếp nhận")


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
# Outcomes after which nobody holds rights to transfer.
OUTCOMES_WITHOUT_HOLDER = (OwnershipOutcome.OTHER_DISPOSAL,)


OFFICER_WORK = (Role.OFFICER, Role.HEAD)  # a head may always do what the agency's officers do
HEAD_DECISION = (Role.HEAD,)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    actors: tuple  # ((party, roles), ...): any one of them may take the step
    comment_required: bool = False
    # The step sends the dossier back to be completed: its reason is kept as a DossierReturn for the party that
    # must complete it.
    returns_dossier: bool = False

    @property
    def party(self):
        """The party that normally takes the step (the first named)."""
        return self.actors[0][0]

    @property
    def roles(self):
        return self.actors[0][1]


def _step(name, label, party, roles=OFFICER_WORK, comment_required=False, also=(), returns_dossier=False):
    return name, Step(name, label, ((party, tuple(roles)), *also), comment_required, returns_dossier)


def _return_step(name, label):
    return _step(name, label, Party.MANAGING, comment_required=True, returns_dossier=True)


STEPS = dict(
    [
        _return_step("return_acceptance", _("Trả hồ sơ nghiệm thu để bổ sung")),
        _step("resubmit_acceptance", _("Nộp lại hồ sơ nghiệm thu"), Party.HOST),
        _step("accept", _("Công nhận kết quả nghiệm thu"), Party.MANAGING, HEAD_DECISION),
        _step("reject", _("Không công nhận kết quả"), Party.MANAGING, HEAD_DECISION, comment_required=True),
        _step("submit_registration", _("Nộp hồ sơ đăng ký kết quả"), Party.HOST),
        _return_step("return_registration", _("Trả hồ sơ đăng ký để bổ sung")),
        _step("resubmit_registration", _("Nộp lại hồ sơ đăng ký"), Party.HOST),
        _step("register", _("Cấp giấy chứng nhận đăng ký kết quả"), Party.MANAGING),
        _step("apply_for_ownership", _("Đề nghị giao quyền sở hữu, quyền sử dụng"), Party.HOST),
        _step("decline_ownership", _("Không đề nghị giao quyền"), Party.HOST),
        _return_step("return_ownership", _("Trả hồ sơ giao quyền để bổ sung")),
        _step("resubmit_ownership", _("Nộp lại hồ sơ giao quyền"), Party.HOST),
        _step("appraise_ownership", _("Thẩm định hồ sơ giao quyền"), Party.MANAGING),
        _step("decide_ownership", _("Quyết định giao quyền"), Party.MANAGING, HEAD_DECISION),
        _step("offer_transfer", _("Đề nghị chuyển giao"), Party.OWNER),
        _step("decline_transfer", _("Từ chối nhận chuyển giao"), Party.RECEIVING, comment_required=True),
        _step("confirm_transfer", _("Xác nhận nhận chuyển giao"), Party.RECEIVING),
        _step("report_application", _("Báo cáo kết quả ứng dụng"), Party.RECEIVING),
        _step("report_own_application", _("Báo cáo tự ứng dụng kết quả"), Party.OWNER),
        _step("request_support", _("Đề nghị hỗ trợ thương mại hoá"), Party.OWNER),
        _return_step("return_support", _("Trả hồ sơ hỗ trợ để bổ sung")),
        _step("resubmit_support", _("Nộp lại hồ sơ hỗ trợ"), Party.OWNER),
        _step("appraise_support", _("Thẩm định hồ sơ hỗ trợ"), Party.MANAGING),
        _step("grant_support", _("Quyết định hỗ trợ thương mại hoá"), Party.MANAGING, HEAD_DECISION),
        _step("refuse_support", _("Không hỗ trợ thương mại hoá"), Party.MANAGING, HEAD_DECISION, comment_required=True),
        _step("report_support_outcome", _("Báo cáo kết quả hỗ trợ"), Party.OWNER),
        # The owner may stop following its own result; the managing agency closes one that nobody holds.
        _step("close", _("Kết thúc theo dõi"), Party.MANAGING, HEAD_DECISION, also=((Party.OWNER, OFFICER_WORK),)),
    ]
)
