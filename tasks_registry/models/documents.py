"""Documents of a result's dossier, fingerprinted so that a later copy can be checked against the original."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    FINAL_REPORT = "final_report", _("Báo cáo tổng hợp kết quả")
    SUMMARY_REPORT = "summary_report", _("Báo cáo tóm tắt")
    COUNCIL_MINUTES = "council_minutes", _("Biên bản hội đồng đánh giá, nghiệm thu")
    REGISTRATION_FORM = "registration_form", _("Phiếu đăng ký kết quả (Mẫu 5)")
    TECHNOLOGY_DESCRIPTION = "technology_description", _("Bản mô tả công nghệ (Mẫu 8)")
    OWNERSHIP_APPLICATION = "ownership_application", _("Đơn đề nghị giao quyền (Mẫu 1)")
    APPLICABILITY_REPORT = "applicability_report", _("Báo cáo khả năng ứng dụng, thương mại hoá (Mẫu 2)")
    DRAFT_AGREEMENT = "draft_agreement", _("Dự thảo thỏa thuận giao quyền (Mẫu 3)")
    ASSET_REPORT = "asset_report", _("Báo cáo tài sản là kết quả nhiệm vụ (Nghị định 70/2018)")
    DECISION = "decision", _("Quyết định")
    TRANSFER_CONTRACT = "transfer_contract", _("Hợp đồng chuyển giao công nghệ")
    APPLICATION_REPORT = "application_report", _("Báo cáo kết quả ứng dụng")
    SUPPORT_APPLICATION = "support_application", _("Hồ sơ đề nghị hỗ trợ")
    OTHER = "other", _("Tài liệu khác")


# Papers of one transfer: attached while it is the result's latest transfer, they are linked to it.
TRANSFER_DOCUMENT_KINDS = (DocumentKind.TRANSFER_CONTRACT, DocumentKind.APPLICATION_REPORT)


def document_path(document, filename):
    # Stored under the content hash: names from browsers are neither unique nor safe.
    return f"documents/{document.sha256[:2]}/{document.sha256}"


class Document(models.Model):
    result = models.ForeignKey(
        "tasks_registry.Result", verbose_name=_("kết quả"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=40, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("định dạng"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_for = models.ForeignKey(
        "tasks_registry.Agency", verbose_name=_("thay mặt cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    # The transfer a contract or an application report belongs to: only that transfer's receiving unit (and the
    # dossier's parties) may read it, never a competing unit (tasks_registry.selectors).
    transfer = models.ForeignKey(
        "tasks_registry.Transfer",
        verbose_name=_("chuyển giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["result", "uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self):
        return self.original_name
