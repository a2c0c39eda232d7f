"""Provincial plans (Kế hoạch) and their plan tasks, on which agencies report progress each year."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from viewflow.workflow.models import Process


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
    # Who reports is data taken from the plan's reporting clause (Đồng Tháp V.3: "các sở, ban, ngành … UBND huyện"),
    # not every agency named somewhere in the appendix.
    reporting_kinds = models.JSONField(
        _("loại cơ quan phải báo cáo"),
        default=list,
        blank=True,
        help_text=_("Các loại cơ quan mà điều khoản báo cáo của kế hoạch giao báo cáo hằng năm."),
    )
    reporting_clause = models.TextField(_("điều khoản báo cáo (nguyên văn)"), blank=True)
    # The province that adopted the plan. A former province keeps its plans after a merger; its successor reports
    # on them (Province.lineage_ids), e.g. Thái Nguyên on Bắc Kạn's plan.
    province = models.ForeignKey(
        "tasks_registry.Province",
        verbose_name=_("tỉnh ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_in_order"),
        ]

    def __str__(self):
        return self.title


class PlanSection(models.Model):
    """A part of a plan's appendix (Đồng Tháp: A, B, C; another plan: I, II, III …), entered as data."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("ký hiệu"), max_length=10)
    title = models.CharField(_("tên nhóm"), max_length=255)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ của kế hoạch")
        verbose_name_plural = _("nhóm nhiệm vụ của kế hoạch")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_section_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    section = models.CharField(_("nhóm"), max_length=10, blank=True, help_text=_("Ký hiệu của nhóm trong kế hoạch."))
    text = models.TextField(_("nhiệm vụ và giải pháp"))
    lead_agency = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="led_plan_tasks",
    )
    coordinating_agencies = models.ManyToManyField(
        "tasks_registry.Agency", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_plan_tasks"
    )
    coordinating_note = models.CharField(
        _("đơn vị phối hợp (nguyên văn)"),
        max_length=500,
        blank=True,
        help_text=_("Như ghi trong kế hoạch, kể cả những đơn vị chưa có trong danh mục."),
    )
    timeline = models.CharField(_("thời gian triển khai"), max_length=200)
    # The timeline as years ("Năm 2023" → 2023–2023, "2023 - 2025"); empty: every year of the plan ("Thường xuyên").
    year_from = models.PositiveSmallIntegerField(_("triển khai từ năm"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("triển khai đến năm"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ của kế hoạch")
        verbose_name_plural = _("nhiệm vụ của kế hoạch")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_task_unique_number"),
            models.CheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_from__isnull=True) | Q(year_to__gte=F("year_from")),
                name="plan_task_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"

    def save(self, *args, **kwargs):
        if self.year_from is None and self.year_to is None:
            from .timeline import timeline_years

            self.year_from, self.year_to = timeline_years(self.timeline)
        super().save(*args, **kwargs)

    def runs_in(self, year):
        start = self.year_from or self.plan.start_year
        end = self.year_to or self.plan.end_year
        return start <= year <= end


# --- Indicators, targets and the reporting deadline (DOMAIN.md, "Annual reporting and targets") ---------------


class Comparison(models.TextChoices):
    AT_LEAST = "≥", "≥"
    MORE_THAN = ">", ">"
    AT_MOST = "≤", "≤"
    EQUAL = "=", "="
    RANGE = "[]", _("trong khoảng [a, b]")


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Đếm kết quả, hợp đồng, văn bằng từ cơ sở dữ liệu")
    MONEY = "money", _("Tổng giá trị (đồng) từ cơ sở dữ liệu")
    RATIO = "ratio", _("Tỷ lệ của hai chỉ tiêu đếm trên cùng một nhóm kết quả")
    MANUAL_NUMBER = "manual_number", _("Số nhập tay")
    MANUAL_PERCENT = "manual_percent", _("Tỷ lệ % nhập tay")
    MANUAL_FLAG = "manual_flag", _("Có/không nhập tay")


class Combine(models.TextChoices):
    """How the province's figure is made from the agencies' (never a sum of percentages)."""

    REGISTRY = "registry", _("Đếm các kết quả khác nhau trong cơ sở dữ liệu của tỉnh")
    SUM = "sum", _("Cộng số liệu của các cơ quan")
    ANY = "any", _("Có nếu ít nhất một cơ quan có")
    ALL = "all", _("Có nếu mọi cơ quan đều có")
    CONSOLIDATOR = "consolidator", _("Lấy số liệu của cơ quan tổng hợp (Sở KH&CN)")


MANUAL_KINDS = (IndicatorKind.MANUAL_NUMBER, IndicatorKind.MANUAL_PERCENT, IndicatorKind.MANUAL_FLAG)


class Indicator(models.Model):
    """One figure of the report, defined once: what it counts (a registry measure, a ratio of two indicators, or a
    manual entry), how the agencies' values combine, and the written definition shown beside it."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    kind = models.CharField(
        _("loại chỉ tiêu"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.MANUAL_NUMBER
    )
    measure = models.CharField(
        _("nhóm dữ liệu đếm"),
        max_length=40,
        blank=True,
        help_text=_("Với chỉ tiêu đếm hoặc giá trị: nhóm kết quả trong cơ sở dữ liệu (định nghĩa trong tài liệu)."),
    )
    numerator = models.ForeignKey(
        "self", verbose_name=_("tử số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("mẫu số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    combine = models.CharField(_("cách tổng hợp"), max_length=20, choices=Combine.choices, default=Combine.REGISTRY)
    state_funded_only = models.BooleanField(
        _("chỉ kết quả nhiệm vụ sử dụng ngân sách"),
        default=False,
        help_text=_("Chỉ tính kết quả của nhiệm vụ có kinh phí ngân sách nhà nước."),
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("Để trống: chỉ tiêu dùng chung cho mọi kế hoạch."),
    )
    definition = models.TextField(_("định nghĩa"), blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ratio") | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_both_terms",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_manual(self):
        return self.kind in MANUAL_KINDS

    @property
    def is_percent(self):
        return self.kind in (IndicatorKind.RATIO, IndicatorKind.MANUAL_PERCENT)

    @property
    def is_flag(self):
        return self.kind == IndicatorKind.MANUAL_FLAG


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    province = models.CharField(_("tỉnh"), max_length=80)
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2)
    upper_value = models.DecimalField(
        _("giá trị cận trên"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Chỉ với mục tiêu trong khoảng [a, b]."),
    )
    comparison = models.CharField(_("so sánh"), max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST)
    source = models.CharField(_("nguồn"), max_length=255)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["province", "indicator__order", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "province", "year"], name="target_one_per_year"),
            models.CheckConstraint(
                condition=~Q(comparison="[]") | (Q(upper_value__isnull=False) & Q(upper_value__gte=F("value"))),
                name="target_range_has_upper_bound",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.text()}"

    def text(self):
        from tasks_registry.numbers import format_number

        if self.comparison == Comparison.RANGE:
            return f"{format_number(self.value)}–{format_number(self.upper_value)}"
        return f"{self.comparison} {format_number(self.value)}"

    def is_met(self, actual):
        if actual is None:
            return None
        actual = float(actual)
        value = float(self.value)
        if self.comparison == Comparison.RANGE:
            return value <= actual <= float(self.upper_value)
        return {
            Comparison.AT_LEAST: actual >= value,
            Comparison.MORE_THAN: actual > value,
            Comparison.AT_MOST: actual <= value,
            Comparison.EQUAL: actual == value,
        }[self.comparison]


class ReportingSettings(models.Model):
    """Per province: who consolidates the annual reports and by which day of the year they are due."""

    province = models.OneToOneField(
        "tasks_registry.Province",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        on_delete=models.PROTECT,
        related_name="reporting_settings",
    )
    consolidator = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("cơ quan tổng hợp (Sở KH&CN)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline_day = models.PositiveSmallIntegerField(_("hạn nộp: ngày"), default=31)
    deadline_month = models.PositiveSmallIntegerField(_("hạn nộp: tháng"), default=12)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thiết lập báo cáo hằng năm")
        verbose_name_plural = _("thiết lập báo cáo hằng năm")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_day__gte=1, deadline_day__lte=31), name="reporting_deadline_day"
            ),
            models.CheckConstraint(
                condition=Q(deadline_month__gte=1, deadline_month__lte=12), name="reporting_deadline_month"
            ),
        ]

    def __str__(self):
        return f"{self.province}: {self.deadline_day:02d}/{self.deadline_month:02d}"

    @classmethod
    def for_province(cls, province):
        """The settings of `province` as it is today (a former province reports under its successor's settings),
        or unsaved defaults when an administrator has not written them yet."""
        if province is None:
            return cls(province=None)
        province = province.current()
        return cls.objects.select_related("consolidator", "province").filter(province=province).first() or cls(
            province=province
        )

    @classmethod
    def for_agency(cls, agency):
        return cls.for_province(agency.province if agency is not None else None)

    def deadline(self, year):
        import calendar
        import datetime

        last = calendar.monthrange(year, self.deadline_month)[1]
        return datetime.date(year, self.deadline_month, min(self.deadline_day, last))


# --- The annual report of one agency --------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại để chỉnh sửa")


class ReportRound(models.Model):
    """One call for reports: the yearly round (one per consolidating agency and year) or an ad-hoc one ("hoặc đột
    xuất khi có yêu cầu", Đồng Tháp V.3) with its own subject and deadline."""

    reviewer = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("cơ quan tổng hợp"),
        on_delete=models.PROTECT,
        related_name="report_rounds",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    ad_hoc = models.BooleanField(_("báo cáo đột xuất"), default=False)
    subject = models.CharField(_("nội dung yêu cầu báo cáo"), max_length=255)
    deadline = models.DateField(_("hạn nộp"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở kỳ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "ad_hoc", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "year"], condition=Q(ad_hoc=False), name="report_round_one_annual"
            ),
        ]

    def __str__(self):
        return self.subject


class AnnualReport(ConcurrentTransitionMixin, models.Model):
    round = models.ForeignKey(
        ReportRound, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    reviewer = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("cơ quan tổng hợp"),
        on_delete=models.PROTECT,
        related_name="reviewed_reports",
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    status = FSMField(
        _("trạng thái"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        protected=True,
        db_index=True,
    )
    figures = models.JSONField(_("số liệu từ cơ sở dữ liệu"), default=dict, blank=True)
    manual_figures = models.JSONField(_("số liệu nhập tay"), default=dict, blank=True)
    figure_notes = models.JSONField(_("giải trình số liệu sửa so với cơ sở dữ liệu"), default=dict, blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    deadline = models.DateField(_("hạn nộp"))
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    late = models.BooleanField(_("nộp muộn"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    return_comment = models.TextField(_("ý kiến khi trả lại"), blank=True)
    returned_by_head = models.BooleanField(_("lãnh đạo trả lại người lập"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo hằng năm")
        verbose_name_plural = _("báo cáo hằng năm")
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "round"], name="annual_report_one_per_round")]

    def __str__(self):
        return f"{self.agency} · {self.year}"

    def all_figures(self):
        """The registry's figures, with the reporter's corrections and manual entries over them."""
        return {**self.figures, **self.manual_figures}

    @transition(field=status, source=[ReportStatus.DRAFT, ReportStatus.RETURNED], target=None)
    def send_back_to_reporter(self):
        """The head returns the draft to its reporter; the state stays (draft, or returned by Sở KH&CN)."""

    @transition(field=status, source=ReportStatus.DRAFT, target=ReportStatus.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=ReportStatus.SUBMITTED, target=ReportStatus.ACCEPTED)
    def accept(self):
        pass

    @transition(field=status, source=ReportStatus.SUBMITTED, target=ReportStatus.RETURNED)
    def return_with_comments(self):
        pass

    @transition(field=status, source=ReportStatus.RETURNED, target=ReportStatus.SUBMITTED)
    def resubmit(self):
        pass


class PlanTaskProgress(models.Model):
    report = models.ForeignKey(
        AnnualReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="task_rows"
    )
    plan_task = models.ForeignKey(
        PlanTask, verbose_name=_("nhiệm vụ của kế hoạch"), on_delete=models.PROTECT, related_name="+"
    )
    progress = models.TextField(_("kết quả thực hiện"), blank=True)

    class Meta:
        verbose_name = _("tiến độ nhiệm vụ của kế hoạch")
        verbose_name_plural = _("tiến độ nhiệm vụ của kế hoạch")
        ordering = ["plan_task__plan", "plan_task__number"]
        constraints = [models.UniqueConstraint(fields=["report", "plan_task"], name="progress_one_per_task")]

    def __str__(self):
        return f"{self.plan_task} · {self.report}"


class AnnualReportProcess(Process):
    """The viewflow process of one annual report (the report is its artifact and the source of truth)."""

    class Meta:
        proxy = True
        verbose_name = _("hồ sơ báo cáo hằng năm")
        verbose_name_plural = _("hồ sơ báo cáo hằng năm")

    @property
    def report(self):
        return AnnualReport.objects.select_related("agency", "reviewer").get(pk=self.artifact_object_id)
