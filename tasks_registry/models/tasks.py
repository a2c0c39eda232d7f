"""S&T tasks (nhiệm vụ KH&CN): the funded projects whose results the system follows."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .regimes import LegalRegime


class TaskLevel(models.TextChoices):
    NATIONAL = "national", _("Cấp quốc gia")
    MINISTERIAL = "ministerial", _("Cấp bộ")
    PROVINCIAL = "provincial", _("Cấp tỉnh")
    BASE = "base", _("Cấp cơ sở")


class STTask(models.Model):
    code = models.CharField(_("mã số nhiệm vụ"), max_length=60, unique=True)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    level = models.CharField(_("cấp quản lý"), max_length=20, choices=TaskLevel.choices, default=TaskLevel.PROVINCIAL)
    field_code = models.CharField(_("mã lĩnh vực KH&CN"), max_length=20, blank=True)
    managing_agency = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("cơ quan quản lý nhiệm vụ"),
        on_delete=models.PROTECT,
        related_name="managed_tasks",
    )
    host = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("tổ chức chủ trì"),
        on_delete=models.PROTECT,
        related_name="hosted_tasks",
    )
    principal_investigator = models.CharField(_("chủ nhiệm nhiệm vụ"), max_length=200)
    principal_investigator_title = models.CharField(_("học hàm, học vị"), max_length=80, blank=True)
    approval_date = models.DateField(_("ngày phê duyệt"), help_text=_("Quyết định chế độ pháp lý áp dụng."))
    contract_start = models.DateField(_("hợp đồng từ ngày"), null=True, blank=True)
    contract_end = models.DateField(_("hợp đồng đến ngày"), null=True, blank=True)
    state_budget = models.DecimalField(
        _("kinh phí ngân sách nhà nước (đồng)"), max_digits=18, decimal_places=0, default=0
    )
    co_funding = models.DecimalField(_("kinh phí đối ứng (đồng)"), max_digits=18, decimal_places=0, default=0)
    state_retains_rights = models.BooleanField(
        _("nhà nước giữ quyền"),
        default=False,
        help_text=_("Nhiệm vụ quốc phòng, an ninh hoặc nhà nước giữ quyền theo thỏa thuận (Luật 93/2025 Điều 25)."),
    )
    retention_basis = models.CharField(_("căn cứ giữ quyền"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ KH&CN")
        verbose_name_plural = _("nhiệm vụ KH&CN")
        ordering = ["-approval_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(state_budget__gte=0), name="task_state_budget_not_negative"),
            models.CheckConstraint(condition=Q(co_funding__gte=0), name="task_co_funding_not_negative"),
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_end__gte=F("contract_start")),
                name="task_contract_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["host", "approval_date"], name="task_host_approval"),
            models.Index(fields=["managing_agency", "approval_date"], name="task_managing_approval"),
        ]

    def __str__(self):
        return f"{self.code} · {self.title}"

    @property
    def regime(self):
        """The regime in force on the approval date; a registered result keeps the one recorded on it."""
        return LegalRegime.objects.for_date(self.approval_date)

    @property
    def state_share(self):
        """Share of the state in the result (Law 93/2025 Art. 25(1)): in proportion to funding."""
        total = self.state_budget + self.co_funding
        return (self.state_budget / total) if total else None


class ApplicationAddress(models.Model):
    task = models.ForeignKey(
        STTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="application_addresses"
    )
    name = models.CharField(_("địa chỉ ứng dụng"), max_length=255)
    agency = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("đơn vị tiếp nhận dự kiến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("địa chỉ ứng dụng")
        verbose_name_plural = _("địa chỉ ứng dụng")

    def __str__(self):
        return self.name
