"""Results of S&T tasks and what happens to them: IP titles, ownership, transfers, support, revenue.

`Result.status` is the single source of truth for what may happen next. Its transition methods, built from the
registry of steps (`lifecycle.STEPS`), only say which steps are legal. The services in `tasks_registry.services`
call them on saved results, because they also check who acts, record the audit event and keep the related records
in the same transaction; the Excel import fires them on a result it is about to create, for what its row says has
already happened.
"""

from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from ..lifecycle import (
    SUPPORT,
    TRANSFER,
    OwnershipOutcome,
    Status,
    SupportStatus,
    TransferStatus,
    transition_methods,
)


class ResultType(models.TextChoices):
    PROCESS = "process", _("Quy trình")
    TECHNOLOGY = "technology", _("Công nghệ")
    PLANT_VARIETY = "plant_variety", _("Giống cây trồng, vật nuôi")
    PATENT = "patent", _("Sáng chế")
    UTILITY_SOLUTION = "utility_solution", _("Giải pháp hữu ích")
    SOFTWARE = "software", _("Phần mềm")
    MODEL = "model", _("Mô hình")
    REPORT = "report", _("Báo cáo khoa học")
    OTHER = "other", _("Khác")


class AcceptanceGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Xuất sắc")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")


class ResultQuerySet(models.QuerySet):
    def with_parties(self):
        return self.select_related(
            "task", "task__host", "task__managing_agency", "task__managing_agency__parent", "ownership_holder", "regime"
        )


class Result(ConcurrentTransitionMixin, transition_methods("status"), models.Model):
    task = models.ForeignKey(
        "tasks_registry.STTask", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="results"
    )
    title = models.CharField(_("tên kết quả"), max_length=500)
    result_type = models.CharField(_("loại kết quả"), max_length=30, choices=ResultType.choices)
    summary = models.TextField(_("tóm tắt"), blank=True)
    status = FSMField(
        _("trạng thái"),
        max_length=40,
        choices=Status.choices,
        default=Status.ACCEPTANCE_SUBMITTED,
        protected=True,
        db_index=True,
    )
    regime = models.ForeignKey(
        "tasks_registry.LegalRegime",
        verbose_name=_("chế độ pháp lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
        help_text=_("Ghi nhận khi đăng ký, theo ngày phê duyệt nhiệm vụ."),
    )
    acceptance_date = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    acceptance_grade = models.CharField(
        _("xếp loại nghiệm thu"), max_length=20, choices=AcceptanceGrade.choices, blank=True
    )
    recognition_decision_no = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    recognition_decision_date = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    registration_no = models.CharField(_("số đăng ký"), max_length=40, null=True, blank=True, unique=True)
    archive_no = models.CharField(_("số lưu giữ"), max_length=60, blank=True)
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    # The ownership appraisal's deadline runs from this day: a fact of the case, kept here rather than read from the log.
    ownership_applied_on = models.DateField(
        _("ngày nộp hồ sơ đề nghị giao quyền"),
        null=True,
        blank=True,
        help_text=_("Lần nộp (hoặc nộp lại, hoặc văn bản không đề nghị) gần nhất."),
    )
    # Whether the host applied for the rights (True) or stated that it does not (False): once the dossier is before
    # the competent authority, this says which outcomes it may decide (lifecycle.outcomes_decided_from).
    ownership_requested = models.BooleanField(_("tổ chức chủ trì đề nghị giao quyền"), null=True, blank=True)
    ownership_submission_no = models.CharField(_("số tờ trình quyết định giao quyền"), max_length=60, blank=True)
    # Decree 70/2018: a host that does not apply for the rights reports the result as a state asset, with what it
    # cost to create, within 60 days of acceptance.
    asset_creation_cost = models.DecimalField(
        _("giá trị tài sản theo chi phí tạo lập (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    # The day the host's 60 days were found to have lapsed with neither an application nor an asset report: the
    # managing agency then records the lapse, and the authority decides as for a host that did not apply.
    asset_report_overdue_on = models.DateField(_("ngày ghi nhận quá hạn báo cáo tài sản"), null=True, blank=True)
    ownership_outcome = models.CharField(
        _("hình thức giao quyền"), max_length=30, choices=OwnershipOutcome.choices, blank=True
    )
    ownership_holder = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("chủ sở hữu, sử dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_results",
    )
    ownership_decision_no = models.CharField(_("số quyết định giao quyền"), max_length=60, blank=True)
    ownership_decision_date = models.DateField(_("ngày quyết định giao quyền"), null=True, blank=True)
    repayment_value = models.DecimalField(
        _("giá trị bồi hoàn (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), auto_now_add=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả nhiệm vụ")
        verbose_name_plural = _("kết quả nhiệm vụ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(repayment_value__isnull=True) | Q(repayment_value__gte=0),
                name="result_repayment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(asset_creation_cost__isnull=True) | Q(asset_creation_cost__gte=0),
                name="result_asset_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(recognition_decision_date__isnull=True)
                | Q(acceptance_date__isnull=True)
                | Q(recognition_decision_date__gte=F("acceptance_date")),
                name="result_recognised_after_acceptance",
            ),
            models.CheckConstraint(
                condition=Q(registered_on__isnull=True)
                | Q(acceptance_date__isnull=True)
                | Q(registered_on__gte=F("acceptance_date")),
                name="result_registered_after_acceptance",
            ),
        ]
        indexes = [
            models.Index(fields=["task", "status"], name="result_task_status"),
            # /results/ in its default order reads this index backwards and stops after a page.
            models.Index(fields=["status_changed_at", "id"], name="result_recent"),
        ]

    def __str__(self):
        return self.title


class IPKind(models.TextChoices):
    PATENT = "patent", _("Bằng độc quyền sáng chế")
    UTILITY_SOLUTION = "utility_solution", _("Bằng độc quyền giải pháp hữu ích")
    PLANT_VARIETY = "plant_variety", _("Bằng bảo hộ giống cây trồng")
    INDUSTRIAL_DESIGN = "industrial_design", _("Kiểu dáng công nghiệp")
    TRADEMARK = "trademark", _("Nhãn hiệu")
    COPYRIGHT = "copyright", _("Quyền tác giả")


class IPTitle(models.Model):
    result = models.ForeignKey(Result, verbose_name=_("kết quả"), on_delete=models.CASCADE, related_name="ip_titles")
    kind = models.CharField(_("loại văn bằng"), max_length=30, choices=IPKind.choices)
    number = models.CharField(_("số văn bằng, số đơn"), max_length=60)
    filed_on = models.DateField(_("ngày nộp đơn"), null=True, blank=True)
    granted_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    holder = models.CharField(_("chủ văn bằng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("văn bằng sở hữu trí tuệ")
        verbose_name_plural = _("văn bằng sở hữu trí tuệ")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="ip_title_unique_number"),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(granted_on__isnull=True) | Q(granted_on__gte=F("filed_on")),
                name="ip_title_granted_after_filing",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class TransferForm(models.TextChoices):
    """Luật Chuyển giao công nghệ 2017 Art. 5; spin-off per Decree 271/2025 [inferred]."""

    STANDALONE = "standalone", _("Chuyển giao công nghệ độc lập")
    INVESTMENT_PROJECT = "investment_project", _("Trong dự án đầu tư")
    CAPITAL_CONTRIBUTION = "capital_contribution", _("Góp vốn bằng công nghệ")
    FRANCHISING = "franchising", _("Nhượng quyền thương mại")
    IP_RIGHTS = "ip_rights", _("Chuyển giao quyền sở hữu trí tuệ")
    MACHINERY = "machinery", _("Mua bán máy móc, thiết bị kèm công nghệ")
    SPIN_OFF = "spin_off", _("Thành lập doanh nghiệp")


class TransferRights(models.TextChoices):
    LICENCE = "licence", _("Chuyển giao quyền sử dụng")
    OWNERSHIP = "ownership", _("Chuyển nhượng quyền sở hữu")


class Transfer(transition_methods("status", TRANSFER), models.Model):
    """One offer of a result to one receiving unit, and what became of it: a result may have many."""

    lifecycle_subject = TRANSFER
    # What a step, a task page or a process reads with it (one query).
    lifecycle_related = ("receiving_unit",)

    result = models.ForeignKey(Result, verbose_name=_("kết quả"), on_delete=models.CASCADE, related_name="transfers")
    receiving_unit = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_transfers",
    )
    form = models.CharField(_("hình thức chuyển giao"), max_length=30, choices=TransferForm.choices)
    rights = models.CharField(
        _("quyền chuyển giao"), max_length=20, choices=TransferRights.choices, default=TransferRights.LICENCE
    )
    status = FSMField(_("tình trạng"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.OFFERED)
    contract_no = models.CharField(_("số hợp đồng"), max_length=60, blank=True)
    contract_value = models.DecimalField(_("giá trị hợp đồng (đồng)"), max_digits=18, decimal_places=0, default=0)
    offered_on = models.DateField(_("ngày đề nghị"))
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    applied_on = models.DateField(_("ngày báo cáo ứng dụng"), null=True, blank=True)
    application_report = models.TextField(_("kết quả ứng dụng, nhân rộng"), blank=True)

    class Meta:
        verbose_name = _("chuyển giao")
        verbose_name_plural = _("chuyển giao")
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(contract_value__gte=0), name="transfer_value_not_negative"),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("offered_on")),
                name="transfer_answered_after_offer",
            ),
        ]
        indexes = [models.Index(fields=["receiving_unit", "status"], name="transfer_unit_status")]

    def __str__(self):
        return f"{self.result} → {self.receiving_unit}"

    def audit_values(self):
        """The transfer as its step's audit event keeps it: to whom, in what form, the contract and its state."""
        return {
            "id": self.pk,
            "receiving_unit_id": self.receiving_unit_id,
            "form": self.form,
            "rights": self.rights,
            "status": self.status,
            "contract_no": self.contract_no,
            "contract_value": int(self.contract_value or 0),
        }


class SupportKind(models.TextChoices):
    """Decree 76/2018 ch. 3; conferences and techmarts from the Đồng Tháp appendix rows 9 and 11."""

    LOAN = "loan", _("Vay vốn ưu đãi, hỗ trợ lãi suất")
    TASK_FUNDING = "task_funding", _("Kinh phí qua nhiệm vụ KH&CN")
    DIRECT_FUNDING = "direct_funding", _("Hỗ trợ kinh phí trực tiếp")
    PRIORITY_LISTING = "priority_listing", _("Ưu tiên đưa vào danh mục")
    CONSULTANCY = "consultancy", _("Tư vấn hoàn thiện thiết bị, quy trình")
    TRAINING = "training", _("Đào tạo làm chủ công nghệ")
    CONFERENCE = "conference", _("Hội nghị giới thiệu kết quả")
    TECHMART = "techmart", _("Tham dự chợ công nghệ, Techmart")


class CommercialisationSupport(transition_methods("status", SUPPORT), models.Model):
    """One request for commercialisation support and its appraisal, decision and outcome: a result may have many,
    from its recognition on."""

    lifecycle_subject = SUPPORT
    lifecycle_related = ("applicant", "intermediary")

    result = models.ForeignKey(Result, verbose_name=_("kết quả"), on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=30, choices=SupportKind.choices)
    status = FSMField(_("tình trạng"), max_length=20, choices=SupportStatus.choices, default=SupportStatus.REQUESTED)
    # The owner, or the host while ownership is not settled: who completes the dossier and reports the outcome.
    applicant = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("tổ chức đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    requested_amount = models.DecimalField(_("kinh phí đề nghị (đồng)"), max_digits=18, decimal_places=0, default=0)
    granted_amount = models.DecimalField(_("kinh phí được hỗ trợ (đồng)"), max_digits=18, decimal_places=0, default=0)
    intermediary = models.ForeignKey(
        "tasks_registry.Agency",
        verbose_name=_("tổ chức trung gian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supported_commercialisations",
    )
    requested_on = models.DateField(_("ngày đề nghị"))
    # With requested_on, the start of the appraisal's deadline after the dossier was returned and sent again.
    resubmitted_on = models.DateField(_("ngày nộp lại"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=60, blank=True)
    outcome_report = models.TextField(_("kết quả hỗ trợ"), blank=True)

    class Meta:
        verbose_name = _("hỗ trợ thương mại hoá")
        verbose_name_plural = _("hỗ trợ thương mại hoá")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="support_requested_not_negative"),
            models.CheckConstraint(condition=Q(granted_amount__gte=0), name="support_granted_not_negative"),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("requested_on")),
                name="support_decided_after_request",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.result}"

    def audit_values(self):
        """The support as its step's audit event keeps it: the kind, the decision and the amounts."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "status": self.status,
            "decision_no": self.decision_no,
            "requested_amount": int(self.requested_amount or 0),
            "granted_amount": int(self.granted_amount or 0),
        }


class RevenueBasis(models.TextChoices):
    """What the authors' share is taken of (Law 93/2025 Art. 28(3)(a)): the year's after-tax profit from the result,
    or, when the result was contributed as capital to an enterprise, the value it was contributed at."""

    PROFIT = "profit", _("Lợi nhuận sau thuế")
    CAPITAL = "capital", _("Giá trị kết quả góp vốn")


def minimum_payout(base, percent):
    """The least the authors must receive: `percent` of the base, rounded up to the whole đồng ("ít nhất"); a loss
    gives nothing to share (0). The one definition the service, the pages and the reports use."""
    base = max(Decimal(base or 0), Decimal(0))
    return (base * Decimal(percent) / 100).to_integral_value(rounding=ROUND_CEILING)


class RevenueRecord(models.Model):
    """Revenue from a result in one year and what its authors received (≥30%: Decree 08/2014; Law 93 Art. 28).

    A payout below the regime's minimum is recorded, not refused, and flagged: the record keeps the percentage it was
    checked against, the minimum in đồng and whether the payout falls short, so a later change of the regime never
    rewrites what was reported, and the managing agency and auditors find the shortfalls without recomputing them.
    """

    result = models.ForeignKey(Result, verbose_name=_("kết quả"), on_delete=models.CASCADE, related_name="revenues")
    year = models.PositiveSmallIntegerField(_("năm"))
    basis = models.CharField(
        _("cơ sở tính phần chia cho tác giả"),
        max_length=10,
        choices=RevenueBasis.choices,
        default=RevenueBasis.PROFIT,
    )
    revenue = models.DecimalField(_("doanh thu (đồng)"), max_digits=18, decimal_places=0, default=0)
    after_tax_profit = models.DecimalField(_("lợi nhuận sau thuế (đồng)"), max_digits=18, decimal_places=0, default=0)
    capital_value = models.DecimalField(
        _("giá trị kết quả góp vốn (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    author_payout = models.DecimalField(_("chi trả cho tác giả (đồng)"), max_digits=18, decimal_places=0, default=0)
    share_min_percent = models.DecimalField(
        _("tỷ lệ tối thiểu cho tác giả (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    author_minimum = models.DecimalField(
        _("mức chi tối thiểu cho tác giả (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    below_minimum = models.BooleanField(_("chi trả thấp hơn mức tối thiểu"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("doanh thu và chia sẻ cho tác giả")
        verbose_name_plural = _("doanh thu và chia sẻ cho tác giả")
        ordering = ["result", "year"]
        constraints = [
            models.UniqueConstraint(fields=["result", "year"], name="revenue_one_per_year"),
            models.CheckConstraint(condition=Q(revenue__gte=0), name="revenue_not_negative"),
            models.CheckConstraint(condition=Q(author_payout__gte=0), name="revenue_payout_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="revenue_year_plausible"),
            # A capital contribution has its value; a share of profit has none.
            models.CheckConstraint(
                condition=Q(basis=RevenueBasis.PROFIT, capital_value__isnull=True)
                | Q(basis=RevenueBasis.CAPITAL, capital_value__gte=0),
                name="revenue_capital_value_with_its_basis",
            ),
            # The flag says what the amounts say: short exactly when the payout is below the minimum kept beside it.
            models.CheckConstraint(
                condition=Q(author_minimum__isnull=True, below_minimum=False)
                | Q(author_minimum__gte=0, below_minimum=True, author_payout__lt=F("author_minimum"))
                | Q(author_minimum__gte=0, below_minimum=False, author_payout__gte=F("author_minimum")),
                name="revenue_shortfall_flag_matches",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "result"], name="revenue_shortfalls", condition=Q(below_minimum=True)),
        ]

    def __str__(self):
        return f"{self.result} · {self.year}"

    @property
    def base(self):
        """The amount the authors' share is taken of: the capital contribution's value, or the after-tax profit."""
        return self.capital_value if self.basis == RevenueBasis.CAPITAL else self.after_tax_profit

    @property
    def shortfall(self):
        """What the authors are owed beyond their payout (0 when not short)."""
        if not self.below_minimum or self.author_minimum is None:
            return Decimal(0)
        return self.author_minimum - self.author_payout


class DossierReturn(models.Model):
    """A dossier sent back to be completed (a return step): why, by whom, for which agency and when. The party that
    must complete it reads the reason on its task; the audit event of the step says the same for the record."""

    result = models.ForeignKey(
        Result, verbose_name=_("kết quả"), on_delete=models.CASCADE, related_name="dossier_returns"
    )
    step = models.CharField(_("bước"), max_length=40)
    reason = models.TextField(_("lý do trả hồ sơ"))
    returned_at = models.DateTimeField(_("trả lúc"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "tasks_registry.Agency", verbose_name=_("thay mặt cơ quan"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("yêu cầu bổ sung hồ sơ")
        verbose_name_plural = _("yêu cầu bổ sung hồ sơ")
        ordering = ["-returned_at", "-id"]
        indexes = [models.Index(fields=["result", "-returned_at"], name="dossier_return_latest")]

    def __str__(self):
        return f"{self.result} · {timezone.localtime(self.returned_at):%d/%m/%Y %H:%M}"
