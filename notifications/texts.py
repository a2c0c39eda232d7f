"""What each kind of notification says, composed in the reader's language when it is shown or mailed."""

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from .models import Kind


def _sentences():
    return {
        Kind.NEW_WORK: _("Việc mới «%(work)s» trong hàng chờ của cơ quan: %(case)s."),
        Kind.ASSIGNED: _("Bạn được giao việc «%(work)s»: %(case)s."),
        Kind.RETURNED: _("Hồ sơ «%(case)s» bị trả lại để bổ sung (%(work)s)."),
        Kind.DECIDED: _("Có quyết định về kết quả «%(case)s»: %(work)s."),
        Kind.DUE_SOON: _("Việc «%(work)s» của hồ sơ «%(case)s» đến hạn ngày %(due)s."),
        Kind.OVERDUE: _("Việc «%(work)s» của hồ sơ «%(case)s» đã quá hạn từ ngày %(due)s."),
        Kind.ESCALATED: _(
            "Việc «%(work)s» của hồ sơ «%(case)s» tại cơ quan đã quá hạn từ ngày %(due)s; cần lãnh đạo đôn đốc."
        ),
        Kind.REPORT_OPENED: _("Đã mở kỳ báo cáo hằng năm «%(case)s», hạn nộp ngày %(due)s."),
        Kind.REPORT_DUE: _("Báo cáo hằng năm «%(case)s» đến hạn nộp ngày %(due)s."),
        Kind.REPORT_RETURNED: _("Báo cáo hằng năm «%(case)s» bị trả lại để chỉnh sửa."),
        Kind.REPORT_ACCEPTED: _("Báo cáo hằng năm «%(case)s» đã được tiếp nhận."),
        Kind.CHAIN_BROKEN: _("Kiểm tra toàn vẹn nhật ký phát hiện liên kết bị phá vỡ: %(case)s."),
    }


def sentence(notification):
    template = _sentences().get(notification.kind, "%(case)s")
    return template % {
        "work": _(notification.subject_msgid) if notification.subject_msgid else "",
        "case": notification.case_title,
        "due": format_date(notification.due_on, "d/m/Y") if notification.due_on else "",
    }


def detail_label(notification):
    """The label of the free text the message quotes (a reason, a comment), or "" when there is none."""
    if not notification.detail:
        return ""
    if notification.kind in (Kind.RETURNED, Kind.REPORT_RETURNED):
        return _("Lý do")
    if notification.kind == Kind.CHAIN_BROKEN:
        return _("Chi tiết")
    return _("Ý kiến")


def subject(notification):
    text = (
        f"{Kind(notification.kind).label}: {notification.case_title}"
        if notification.case_title
        else str(Kind(notification.kind).label)
    )
    return text if len(text) <= 150 else text[:149] + "…"


def msgid(lazy_text):
    """The Vietnamese source text of a translatable label (the Vietnamese catalogue leaves msgids untranslated), kept
    on the notification and translated again when shown."""
    from django.utils import translation

    with translation.override("vi"):
        return str(lazy_text)
