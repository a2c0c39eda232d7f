"""Legal regimes: which law governs a task's results, picked by the task's approval date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalRegimeQuerySet(models.QuerySet):
    def for_date(self, day):
        """The regime in force for a task approved on `day`: the latest one that took effect on or before it."""
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class LegalRegime(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    effective_from = models.DateField(
        _("áp dụng cho nhiệm vụ phê duyệt từ ngày"),
        unique=True,
        help_text=_("Nhiệm vụ được phê duyệt từ ngày này trở đi thuộc chế độ pháp lý này."),
    )
    ownership_by_law = models.BooleanField(
        _("giao quyền sở hữu theo luật"),
        default=False,
        help_text=_("Đúng: kết quả thuộc về tổ chức chủ trì ngay khi đăng ký, không phải xin giao quyền."),
    )
    author_share_min_percent = models.DecimalField(
        _("tỷ lệ tối thiểu chia cho tác giả (%)"),
        max_digits=5,
        decimal_places=2,
        default=30,
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)

    objects = LegalRegimeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chế độ pháp lý")
        verbose_name_plural = _("chế độ pháp lý")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author_share_min_percent__gte=0, author_share_min_percent__lte=100),
                name="regime_author_share_is_percent",
            ),
        ]

    def __str__(self):
        return self.name
