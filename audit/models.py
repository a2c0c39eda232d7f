"""The append-only event log: who did what, when, for which agency, why and from where.

Each case (one result, one annual report, one agency's configuration) has its own hash chain so that writers of
different cases never wait for each other. `ChainHead` is the only mutable row: it serialises appends to one chain.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainHead(models.Model):
    case_key = models.CharField(_("hồ sơ"), max_length=120, primary_key=True)
    length = models.PositiveBigIntegerField(_("số sự kiện"), default=0)
    last_hash = models.CharField(_("mã băm cuối"), max_length=64, default="")

    class Meta:
        verbose_name = _("chuỗi nhật ký")
        verbose_name_plural = _("chuỗi nhật ký")

    def __str__(self):
        return f"{self.case_key} ({self.length})"


class Event(models.Model):
    case_key = models.CharField(_("hồ sơ"), max_length=120)
    seq = models.PositiveBigIntegerField(_("thứ tự trong chuỗi"))
    occurred_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # Names are copied so that the record reads as it did on the day, whatever is renamed later.
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    agency = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("thay mặt cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    agency_name = models.CharField(_("tên cơ quan lúc đó"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=80)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    changes = models.JSONField(_("thay đổi (trước, sau)"), default=dict, blank=True)
    comment = models.TextField(_("lý do, ghi chú"), blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    prev_hash = models.CharField(_("mã băm trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)
    # HMAC-SHA256 of the same link under a key held outside the database (audit/signing.py): whoever can write
    # to the database but lacks the key cannot forge or re-hash an event. The key id allows rotation.
    hmac_key_id = models.CharField(_("mã khoá ký"), max_length=32, blank=True)
    hmac = models.CharField(_("chữ ký HMAC"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["case_key", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case_key", "seq"], name="audit_event_one_link_per_seq"),
        ]
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_time"),
            models.Index(fields=["agency", "occurred_at"], name="audit_event_agency_time"),
            models.Index(fields=["occurred_at"], name="audit_event_time"),
            models.Index(fields=["action", "occurred_at"], name="audit_event_action_time"),
        ]

    def __str__(self):
        return f"{self.case_key}#{self.seq} {self.action}"


class AuditorScopeQuerySet(models.QuerySet):
    def active(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))


class AuditorScope(models.Model):
    """Which part of the log an auditor may read, and on what authority (an inspection or audit decision)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm tra"),
        on_delete=models.CASCADE,
        related_name="auditor_scopes",
    )
    province_wide = models.BooleanField(_("toàn tỉnh"), default=False)
    # With "toàn tỉnh": the province (and the former provinces it carries). Left empty: every province (an
    # inspection decided at national level).
    province = models.ForeignKey(
        "tasks_registry.Province",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="auditor_scopes",
        help_text=_("Dùng với «toàn tỉnh»; để trống là mọi tỉnh (kiểm tra cấp trung ương)."),
    )
    agencies = models.ManyToManyField(
        "tasks_registry.Agency", verbose_name=_("cơ quan được kiểm tra"), blank=True, related_name="auditor_scopes"
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.TextField(_("căn cứ, quyết định kiểm tra"), blank=True)

    objects = AuditorScopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("phạm vi kiểm tra")
        verbose_name_plural = _("phạm vi kiểm tra")
        ordering = ["user", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="auditor_scope_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.valid_from:%d/%m/%Y}"


class VerificationRun(models.Model):
    """One recomputation of the hash chains, kept so auditors can see when the log was last proven intact."""

    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"))
    chains_checked = models.PositiveIntegerField(_("số chuỗi đã kiểm tra"), default=0)
    events_checked = models.PositiveBigIntegerField(_("số sự kiện đã kiểm tra"), default=0)
    broken = models.JSONField(_("liên kết bị phá vỡ"), default=list, blank=True)
    ok = models.BooleanField(_("toàn vẹn"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chạy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_key = models.CharField(_("hồ sơ"), max_length=120, blank=True)
    # The signed checkpoint (a file outside the database) the chains were compared with; blank if there was none.
    checkpoint = models.CharField(_("điểm kiểm soát đối chiếu"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lần kiểm tra toàn vẹn")
        verbose_name_plural = _("lần kiểm tra toàn vẹn")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%d/%m/%Y %H:%M} {'OK' if self.ok else 'BROKEN'}"
