"""Provincial plans (Kế hoạch) and their plan tasks, on which agencies report progress each year."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    code = models.CharField(_("số, ký hiệu"), max_length=60, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    issuer = models.ForeignKey(
        "tasks_registry.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_in_order"),
        ]

    def __str__(self):
        return self.title


class PlanSection(models.TextChoices):
    DEMAND = "A", _("Thúc đẩy phát triển nguồn cầu của thị trường KH&CN")
    SUPPLY = "B", _("Thúc đẩy phát triển nguồn cung của thị trường KH&CN")
    INTERMEDIARIES = "C", _("Phát triển các tổ chức trung gian và hoạt động xúc tiến")


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    section = models.CharField(_("nhóm"), max_length=2, choices=PlanSection.choices, blank=True)
    text = models.TextField(_("nhiệm vụ và giải pháp"))
    lead_agency = models.ForeignKey(
        "tasks_registry.Agency", verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_plan_tasks"
    )
    coordinating_agencies = models.ManyToManyField(
        "tasks_registry.Agency", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_plan_tasks"
    )
    coordinating_note = models.CharField(
        _("đơn vị phối hợp (nguyên văn)"), max_length=500, blank=True,
        help_text=_("Như ghi trong kế hoạch, kể cả những đơn vị chưa có trong danh mục."),
    )
    timeline = models.CharField(_("thời gian triển khai"), max_length=200)

    class Meta:
        verbose_name = _("nhiệm vụ của kế hoạch")
        verbose_name_plural = _("nhiệm vụ của kế hoạch")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_task_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"
