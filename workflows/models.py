"""Deadlines, the working calendar's exceptions, and the work items behind each agency's queue."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from .pending import WORKS


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")


class DeadlineStart(models.TextChoices):
    TASK_CREATED = "task_created", _("ngày hồ sơ đến cơ quan")
    ACCEPTANCE_DATE = "acceptance_date", _("ngày nghiệm thu")
    OWNERSHIP_APPLICATION = "ownership_application", _("ngày nộp hồ sơ đề nghị giao quyền")
    SUPPORT_APPLICATION = "support_application", _("ngày nộp hồ sơ đề nghị hỗ trợ")


class DeadlineRoute(models.TextChoices):
    """Which cases of a work a rule times: some works run under another decree when the host did not apply."""

    ANY = "", _("mọi trường hợp")
    NOT_REQUESTED = "not_requested", _("tổ chức chủ trì không đề nghị giao quyền, báo cáo tài sản")


class DeadlineRule(models.Model):
    """How long an agency has for one kind of work, and the legal basis. Seeded from DOMAIN.md, editable.

    A work has one rule for every case, and may have a second for the cases in which the host did not apply for the
    rights (Decree 70/2018's asset route): that one then times them."""

    work = models.CharField(_("loại công việc"), max_length=40)
    route = models.CharField(
        _("áp dụng cho"), max_length=20, choices=DeadlineRoute.choices, default=DeadlineRoute.ANY, blank=True
    )
    amount = models.PositiveSmallIntegerField(_("thời hạn"))
    unit = models.CharField(_("đơn vị"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS)
    start = models.CharField(
        _("tính từ"), max_length=30, choices=DeadlineStart.choices, default=DeadlineStart.TASK_CREATED
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    # No legal text sets this period: the province chose it. Shown as such next to every due date it gives.
    own_rule = models.BooleanField(
        _("quy định riêng của tỉnh"),
        default=False,
        db_default=False,
        help_text=_(
            "Đánh dấu khi không có văn bản pháp luật nào quy định thời hạn này; "
            "«căn cứ» khi đó ghi lý do tỉnh đặt thời hạn."
        ),
    )

    # How soon an incomplete dossier must be sent back, counted in working days from the same start: the agency
    # checks the dossier's completeness first (Decree 08/2014 Art. 40: within 5 working days). Shown on the task.
    return_within = models.PositiveSmallIntegerField(
        _("trả hồ sơ chưa đầy đủ trong (ngày làm việc)"), null=True, blank=True
    )
    return_basis = models.CharField(_("căn cứ thời hạn trả hồ sơ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        ordering = ["work", "route"]
        constraints = [models.UniqueConstraint(fields=["work", "route"], name="deadline_rule_one_per_route")]

    def __str__(self):
        route = f" ({self.get_route_display()})" if self.route else ""
        return f"{self.work_title}{route}: {self.amount} {self.get_unit_display()}"

    @staticmethod
    def route_of(result):
        """The route a result's case is on, for the rules that tell routes apart."""
        if result is not None and result.ownership_requested is False:
            return DeadlineRoute.NOT_REQUESTED
        return DeadlineRoute.ANY

    @property
    def work_title(self):
        """The work's name as its queue shows it (workflows.pending.WORKS), not its key."""
        work = WORKS.get(self.work)
        return str(work.title) if work else self.work


class CalendarException(models.Model):
    day = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"), default=False)
    note = models.CharField(_("ghi chú, căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày làm việc, nghỉ bù")
        verbose_name_plural = _("ngày làm việc, nghỉ bù")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.note}"


class ResultProcess(Process):
    """The lifecycle process of one result (the result itself is the single source of truth for its state)."""

    class Meta:
        proxy = True
        verbose_name = _("hồ sơ xử lý kết quả")
        verbose_name_plural = _("hồ sơ xử lý kết quả")

    @property
    def result(self):
        """Read afresh each time: the services change the result under the process's feet."""
        from tasks_registry.models import Result

        return Result.objects.with_parties().get(pk=self.artifact_object_id)

    @property
    def subject(self):
        """The transfer or support this process follows (its seed), read afresh; None for the result's own process.

        A result has one process of its own and one per transfer and per support, each with at most one open task:
        the receiving unit answers one offer while another unit reports applying the result."""
        if self.seed_object_id is None:
            return None
        model = self.seed_content_type.model_class()
        return model.objects.select_related(*model.lifecycle_related).get(pk=self.seed_object_id)


class Priority(models.IntegerChoices):
    LOW = 0, _("Thấp")
    NORMAL = 1, _("Bình thường")
    HIGH = 2, _("Cao")
    URGENT = 3, _("Khẩn")


class WorkItem(models.Model):
    """One human task of a result's process: which agency must act, by when, and the officer's own notes."""

    task = models.OneToOneField(
        Task, verbose_name=_("công việc"), on_delete=models.CASCADE, primary_key=True, related_name="work"
    )
    result = models.ForeignKey(
        "tasks_registry.Result", verbose_name=_("kết quả"), on_delete=models.CASCADE, related_name="work_items"
    )
    agency = models.ForeignKey(
        "tasks_registry.Agency", verbose_name=_("cơ quan xử lý"), on_delete=models.PROTECT, related_name="work_items"
    )
    role = models.CharField(_("vai trò xử lý"), max_length=20)
    work = models.CharField(_("loại công việc"), max_length=40)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    deadline_basis = models.CharField(_("căn cứ thời hạn"), max_length=255, blank=True)
    deadline_own_rule = models.BooleanField(_("thời hạn do tỉnh tự quy định"), default=False, db_default=False)
    follow_up_on = models.DateField(_("ngày theo dõi lại"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("mức ưu tiên"), choices=Priority.choices, default=Priority.NORMAL)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # The agency whose queue holds this work while its task waits to be claimed (status NEW), else empty. Kept by
    # database triggers (migration 0003) on every change of the task's status or of the work's agency, so the
    # queue page reads one index in its own order (workitem_queue) and stops after a page of rows.
    waiting_in = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("chờ nhận tại"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        db_index=False,
    )

    class Meta:
        verbose_name = _("việc cần xử lý")
        verbose_name_plural = _("việc cần xử lý")
        # The foreign key's own index serves lookups by result (a second one on the same column was dropped).
        indexes = [
            models.Index(fields=["agency", "due_on"], name="workitem_agency_due"),
            models.Index(
                fields=["waiting_in", "due_on", "-priority", "created_at", "task"],
                name="workitem_queue",
                condition=Q(waiting_in__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.work} · {self.result_id}"

    @property
    def is_overdue(self):
        return self.due_on is not None and self.due_on < timezone.localdate()
