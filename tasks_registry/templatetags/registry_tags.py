"""Presentation helpers for the registry pages: amounts in đồng, status badges, readable audit actions.

`{% load registry_tags %}` then `{{ amount|vnd }}`, `{{ result.status|status_badge }}`,
`{{ event.action|action_label }}`, `{% my_memberships as memberships %}`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import downloads
from ..access import memberships_today
from ..lifecycle import STEPS, Status
from ..numbers import format_number

register = template.Library()

CURRENCY_SIGN = "₫"


# --- money --------------------------------------------------------------------------------------------------------


def format_vnd(value):
    """1250000 → "1.250.000 ₫", whatever the active language: Vietnamese administrative usage in every interface.

    The đồng has no minor unit in use, so amounts are rounded to whole đồng. None and "" give "—"; anything that is
    not a number is returned unchanged.
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return value
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        return value
    if not amount.is_finite():
        return value
    whole = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    digits = f"{abs(whole):,}".replace(",", ".")
    return f"{'-' if whole < 0 else ''}{digits} {CURRENCY_SIGN}"


@register.filter(is_safe=True)
def vnd(value):
    return format_vnd(value)


@register.filter
def vnum(value):
    """A count or amount the Vietnamese way: 8000 → "8.000" (USE_THOUSAND_SEPARATOR would also group the ids
    written into addresses)."""
    return format_number(value)


# --- lifecycle state -----------------------------------------------------------------------------------------------

# Colour groups of the states. The label is always written out: colour is never the only carrier of meaning.
_TONES = {
    "pending": (
        Status.ACCEPTANCE_SUBMITTED,
        Status.REGISTRATION_SUBMITTED,
        Status.OWNERSHIP_REQUESTED,
        Status.OWNERSHIP_APPRAISED,
        Status.OWNERSHIP_SUBMITTED,
    ),
    "attention": (
        Status.ACCEPTANCE_RETURNED,
        Status.REGISTRATION_RETURNED,
        Status.OWNERSHIP_RETURNED,
        Status.OWNERSHIP_NOT_REQUESTED,
    ),
    "done": (
        Status.ACCEPTED,
        Status.REGISTERED,
        Status.OWNERSHIP_DECIDED,
        Status.OWNERSHIP_BY_LAW,
        Status.OWNERSHIP_RETAINED_BY_STATE,
        Status.TRANSFERRED,
        Status.APPLIED,
    ),
    "refused": (Status.NOT_ACCEPTED,),
    "closed": (Status.CLOSED,),
}
STATUS_TONE = {status.value: tone for tone, statuses in _TONES.items() for status in statuses}


def status_label(value):
    try:
        return Status(value).label
    except ValueError:
        return value


@register.filter
def status_tone(value):
    return STATUS_TONE.get(getattr(value, "status", value), "neutral")


@register.filter
def status_badge(value):
    """A result (or a status value) as a coloured badge carrying the state's label."""
    status = getattr(value, "status", value)
    return format_html(
        '<span class="badge badge-{}" data-status="{}">{}</span>', status_tone(status), status, status_label(status)
    )


# --- audit events ---------------------------------------------------------------------------------------------------

ACTION_LABELS = {
    "result.recorded": _("Nộp kết quả để đánh giá, nghiệm thu"),
    "document.attached": _("Đính kèm tài liệu"),
    "ip_title.added": _("Thêm văn bằng sở hữu trí tuệ"),
    "revenue.recorded": _("Báo cáo doanh thu, chi trả cho tác giả"),
    "result.asset_report_overdue": _("Hệ thống ghi nhận quá hạn báo cáo tài sản"),
    "agency.renamed": _("Đổi tên cơ quan"),
    "agency.merged": _("Sáp nhập cơ quan"),
    "agency.retired": _("Cơ quan ngừng hoạt động"),
    "admin.added": _("Quản trị viên thêm bản ghi"),
    "admin.changed": _("Quản trị viên sửa bản ghi"),
    "admin.deleted": _("Quản trị viên xoá bản ghi"),
    "document.downloaded": _("Tải tài liệu"),
    "result.imported": _("Nhập kết quả từ tệp Excel"),
    "task.claimed": _("Nhận việc"),
    "task.released": _("Trả việc về hàng đợi"),
    "task.reassigned": _("Giao việc cho người khác"),
    "task.planned": _("Đặt lịch theo dõi, ưu tiên hoặc đổi hạn xử lý"),
    "workflow.task_cancelled": _("Quản trị viên huỷ công việc, chuyển lại cho bước đang chờ"),
    "workflow.process_cancelled": _("Quản trị viên huỷ quy trình, mở quy trình mới"),
    "workflow.reopened": _("Mở lại việc cho kết quả không còn việc đang chờ"),
    # The annual report's steps (reports.services) and the sessions and audit work (accounts, audit): people read
    # the step, never the recorded code.
    "report.open": _("Mở kỳ báo cáo"),
    "report.save_draft": _("Lưu bản nháp báo cáo"),
    "report.send_back_to_reporter": _("Trả báo cáo cho người lập để sửa"),
    "report.approve_and_submit": _("Duyệt và gửi báo cáo"),
    "report.resubmit": _("Gửi lại báo cáo"),
    "report.accept": _("Tiếp nhận báo cáo"),
    "report.return_with_comments": _("Trả báo cáo kèm ý kiến"),
    "auth.logged_in": _("Đăng nhập"),
    "auth.logged_out": _("Đăng xuất"),
    "auth.login_failed": _("Đăng nhập không thành công"),
    "auth.locked_out": _("Tạm khoá đăng nhập"),
    "auth.unlocked": _("Mở khoá đăng nhập"),
    "auth.password_changed": _("Đổi mật khẩu"),
    "auth.password_reset": _("Đặt lại mật khẩu"),
    "audit.searched": _("Tra cứu nhật ký"),
    "audit.exported": _("Xuất nhật ký"),
    "agency.reparented": _("Đổi cơ quan cấp trên"),
    "province.merged": _("Sáp nhập tỉnh"),
    "task.imported": _("Nhập nhiệm vụ từ tệp Excel"),
    "task.addresses_imported": _("Nhập địa chỉ ứng dụng từ tệp Excel"),
    "work.handed_over": _("Bàn giao công việc"),
    "plan.import": _("Nhập kế hoạch và nhiệm vụ của kế hoạch"),
    "security.permission_denied": _("Bị từ chối truy cập"),
    "notification.resent": _("Quản trị viên gửi lại thư thông báo"),
    "audit.verified": _("Kiểm tra tính toàn vẹn của nhật ký"),
    "task.created": _("Nhập nhiệm vụ KH&CN"),
    "task.updated": _("Sửa thông tin nhiệm vụ KH&CN"),
    "api.token_created": _("Cấp mã truy cập API"),
    "api.token_revoked": _("Thu hồi mã truy cập API"),
}


def action_text(action):
    """ "result.<step>" → the step's label; other known actions → their label; anything else as recorded."""
    if action.startswith("result."):
        step = STEPS.get(action.removeprefix("result."))
        if step is not None:
            return step.label
    return ACTION_LABELS.get(action, action)


@register.filter
def previewable(document):
    return downloads.previewable(document)


@register.filter
def action_label(action):
    return action_text(action or "")


# --- the person ------------------------------------------------------------------------------------------------------


def memberships_for(request):
    """The signed-in person's active memberships with their agencies, read once per request."""
    return list(memberships_today(getattr(request, "user", None)))


@register.simple_tag(takes_context=True)
def my_memberships(context):
    request = context.get("request")
    return memberships_for(request) if request is not None else []


@register.filter
def agencies_of(memberships):
    """Distinct agencies of a list of memberships, in order."""
    seen, agencies = set(), []
    for membership in memberships:
        if membership.agency_id not in seen:
            seen.add(membership.agency_id)
            agencies.append(membership.agency)
    return agencies
