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
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
    )
    # Names are copied so that the record reads as it did on the day, whatever is renamed later.
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    agency = models.ForeignKey(
        "tasks_registry.Agency", verbose_name=_("thay mặt cơ quan"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
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
