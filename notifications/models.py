"""Notifications (what a person is told), deliveries (the e-mails that carry them), preferences, and the data that
says when reminders go out.

A notification and its delivery are written in the same transaction as the change they announce; each carries a
unique key, so an event seen twice (a retry, a second worker, a reminder run twice in a day) is stored once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks_registry.roles import Role


class Kind(models.TextChoices):
    NEW_WORK = "new_work", _("Có việc mới trong hàng chờ của cơ quan")
    ASSIGNED = "assigned", _("Được giao việc")
    RETURNED = "returned", _("Hồ sơ bị trả lại")
    DECIDED = "decided", _("Có quyết định về kết quả")
    DUE_SOON = "due_soon", _("Sắp đến hạn xử lý")
    OVERDUE = "overdue", _("Quá hạn xử lý")
    ESCALATED = "escalated", _("Việc quá hạn của cơ quan")
    REPORT_OPENED = "report_opened", _("Mở kỳ báo cáo hằng năm")
    REPORT_DUE = "report_due", _("Sắp đến hạn nộp báo cáo")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    REPORT_ACCEPTED = "report_accepted", _("Báo cáo được tiếp nhận")
    CHAIN_BROKEN = "chain_broken", _("Nhật ký kiểm tra bị phá vỡ")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi ngay")
    DIGEST = "digest", _("Gộp thành thư tổng hợp mỗi ngày")


class Notification(models.Model):
    """One thing one person is told. The text is composed when shown, in the reader's language."""

    key = models.CharField(_("khoá chống trùng"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    case_title = models.CharField(_("hồ sơ"), max_length=500, blank=True)
    # Vietnamese msgids (a work's title) or free text (a reason) the message quotes; translated when shown.
    subject_msgid = models.CharField(_("nội dung"), max_length=255, blank=True)
    detail = models.TextField(_("chi tiết"), blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    link = models.CharField(_("liên kết"), max_length=300, blank=True)
    case_link = models.CharField(_("liên kết hồ sơ"), max_length=300, blank=True)
    task = models.ForeignKey(
        "viewflow.Task", verbose_name=_("công việc"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    awaiting_digest = models.BooleanField(_("chờ thư tổng hợp"), default=False)
    delivery = models.ForeignKey(
        "Delivery",
        verbose_name=_("thư"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_recent"),
            models.Index(fields=["recipient"], name="notification_unread", condition=models.Q(read_at__isnull=True)),
            models.Index(
                fields=["recipient"], name="notification_awaiting_digest", condition=models.Q(awaiting_digest=True)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.case_title}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    RETRYING = "retrying", _("Đang thử lại")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")
    CANCELLED = "cancelled", _("Đã huỷ")


class Delivery(models.Model):
    """One e-mail: a single notification or a person's daily digest. Sent at most once (its key is unique and the
    worker holds its row lock while sending)."""

    key = models.CharField(_("khoá chống trùng"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    is_digest = models.BooleanField(_("thư tổng hợp"), default=False)
    address = models.EmailField(_("địa chỉ e-mail"), blank=True)
    language = models.CharField(_("ngôn ngữ thư"), max_length=8, choices=settings.LANGUAGES, default="vi")
    status = models.CharField(
        _("trạng thái gửi"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    message_id = models.CharField(_("mã thư (Message-ID)"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.address} · {self.get_status_display()}"


class Preference(models.Model):
    """What one person wants to be told, and how. Without a row, the defaults of their role apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    language = models.CharField(_("ngôn ngữ thư"), max_length=8, choices=settings.LANGUAGES, default="vi")
    email_enabled = models.BooleanField(_("nhận thư điện tử"), default=True)
    mode = models.CharField(_("cách gửi thư"), max_length=20, choices=Mode.choices, default=Mode.IMMEDIATE)
    digest_hour = models.PositiveSmallIntegerField(_("giờ gửi thư tổng hợp"), default=8)
    muted_kinds = models.JSONField(_("loại thông báo không nhận"), default=list, blank=True)

    class Meta:
        verbose_name = _("tuỳ chọn thông báo")
        verbose_name_plural = _("tuỳ chọn thông báo")
        constraints = [models.CheckConstraint(condition=models.Q(digest_hour__lte=23), name="preference_digest_hour")]

    def __str__(self):
        return str(self.user)


class RoleDefault(models.Model):
    """The preferences a person starts with, by role (data: an administrator changes them in the admin)."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("thứ tự ưu tiên"),
        default=0,
        help_text=_("Người có nhiều vai trò nhận mặc định của vai trò có thứ tự nhỏ nhất."),
    )
    email_enabled = models.BooleanField(_("nhận thư điện tử"), default=True)
    mode = models.CharField(_("cách gửi thư"), max_length=20, choices=Mode.choices, default=Mode.IMMEDIATE)
    digest_hour = models.PositiveSmallIntegerField(_("giờ gửi thư tổng hợp"), default=8)
    muted_kinds = models.JSONField(_("loại thông báo không nhận"), default=list, blank=True)

    class Meta:
        verbose_name = _("tuỳ chọn thông báo mặc định theo vai trò")
        verbose_name_plural = _("tuỳ chọn thông báo mặc định theo vai trò")
        ordering = ["rank", "role"]
        constraints = [models.CheckConstraint(condition=models.Q(digest_hour__lte=23), name="roledefault_digest_hour")]

    def __str__(self):
        return self.get_role_display()


class ReminderRule(models.Model):
    """When to remind and when to escalate, per kind of work (the same names as the deadline rules; "annual_report"
    for annual reports; an empty work is the rule for every other work)."""

    work = models.CharField(_("loại công việc"), max_length=40, unique=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("nhắc trước hạn (ngày làm việc)"), default=3)
    escalate_after_days = models.PositiveSmallIntegerField(_("báo lãnh đạo sau khi quá hạn (ngày làm việc)"), default=2)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy tắc nhắc việc")
        verbose_name_plural = _("quy tắc nhắc việc")
        ordering = ["work"]

    def __str__(self):
        return self.work or str(_("(mọi công việc khác)"))


class Schedule(models.Model):
    """The next run of the periodic worker task; its row lock keeps exactly one chain of runs alive."""

    name = models.CharField(max_length=40, unique=True)
    next_run_at = models.DateTimeField()

    class Meta:
        verbose_name = _("lịch chạy định kỳ")
        verbose_name_plural = _("lịch chạy định kỳ")

    def __str__(self):
        return self.name
