"""What the API keeps of its own: the answers to POSTs sent with an Idempotency-Key.

A client that did not hear the answer sends the same POST again with the same key; the first answer is given back
and the step is not taken twice. Keys belong to the person who sent them (two people may use the same key).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.CASCADE)
    key = models.CharField(_("khoá"), max_length=255)
    method = models.CharField(_("phương thức"), max_length=10)
    path = models.CharField(_("đường dẫn"), max_length=500)
    fingerprint = models.CharField(_("dấu vân tay yêu cầu"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("mã trả lời"), null=True)
    body = models.JSONField(_("nội dung trả lời"), null=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khoá chống gửi lặp")
        verbose_name_plural = _("khoá chống gửi lặp")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user")]

    def __str__(self):
        return f"{self.method} {self.path} · {self.key}"
