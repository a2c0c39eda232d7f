"""Agencies, the names they had over time, and who works for them in which role."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..lifecycle import HostKind
from ..roles import Role


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    HOST_ORGANISATION = "host_organisation", _("Tổ chức chủ trì")
    RECEIVING_UNIT = "receiving_unit", _("Đơn vị tiếp nhận")
    INTERMEDIARY = "intermediary", _("Tổ chức trung gian")
    MINISTRY = "ministry", _("Bộ, ngành trung ương")


class AgencyQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(active_from__lte=on).filter(Q(active_to__isnull=True) | Q(active_to__gte=on))


class Agency(models.Model):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên hiện tại"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=AgencyKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    active_from = models.DateField(_("hoạt động từ"))
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    legal_basis = models.CharField(_("căn cứ thành lập, sáp nhập"), max_length=255, blank=True)
    # None for the ministry and other central bodies (national level). A former province's agencies keep it: the
    # province's successor reports for them (Province.lineage_ids).
    province = models.ForeignKey(
        "tasks_registry.Province",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )

    # Decree 70/2018: which outcomes of an ownership decision a host may receive (lifecycle.OUTCOME_HOST_KINDS).
    host_kind = models.CharField(
        _("loại hình tổ chức"),
        max_length=20,
        choices=HostKind.choices,
        blank=True,
        help_text=_(
            "Với tổ chức chủ trì: quyết định hình thức giao quyền được phép theo Nghị định 70/2018/NĐ-CP (giao quyền "
            "sử dụng ghi tăng tài sản cho cơ quan, đơn vị sự nghiệp công lập; ghi tăng vốn nhà nước cho doanh nghiệp "
            "do Nhà nước nắm giữ 100% vốn điều lệ). Để trống khi chưa xác định: hai hình thức đó sẽ không được chọn."
        ),
    )
    # TT 14/2014: the national S&T information agency registers results of national and ministerial tasks.
    registers_central_results = models.BooleanField(
        _("đăng ký kết quả nhiệm vụ cấp quốc gia, cấp bộ"),
        default=False,
        help_text=_(
            "Cơ quan thông tin khoa học và công nghệ quốc gia: tiếp nhận, đăng ký kết quả nhiệm vụ cấp quốc gia và "
            "cấp bộ (Thông tư 14/2014/TT-BKHCN). Chỉ một cơ quan được đánh dấu; đánh dấu khi cơ quan đã có người "
            "xử lý: hồ sơ đăng ký đang chờ ở cơ quan khác sẽ chuyển sang."
        ),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="agency_active_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(successor=models.F("id")), name="agency_not_own_successor"),
            models.UniqueConstraint(
                fields=["registers_central_results"],
                condition=Q(registers_central_results=True),
                name="agency_one_central_registrar",
                violation_error_message=_(
                    "Đã có một cơ quan khác được đánh dấu đăng ký kết quả nhiệm vụ cấp quốc gia, cấp bộ."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def acting(self):
        """The agency that acts for this one today: itself, or the successor it was merged into (followed to the end)."""
        agency, seen = self, {self.pk}
        while agency.active_to is not None and agency.successor_id and agency.successor_id not in seen:
            if agency.active_to >= timezone.localdate():
                break
            seen.add(agency.successor_id)
            agency = agency.successor
        return agency

    def name_on(self, day):
        """The name the agency carried on `day` (history keeps names as they were)."""
        for record in self.names.all():
            if record.valid_from <= day and (record.valid_to is None or day <= record.valid_to):
                return record.name
        return self.name


class AgencyName(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên"), max_length=255)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    basis = models.CharField(_("căn cứ đổi tên"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tên cơ quan theo thời gian")
        verbose_name_plural = _("tên cơ quan theo thời gian")
        ordering = ["agency", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "valid_from"], name="agency_name_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agency_name_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class SigningAuthority(models.TextChoices):
    """Quyền hạn của người ký (Decree 30/2020/NĐ-CP, Appendix I, "Chức vụ, họ tên và chữ ký của người có thẩm quyền")."""

    ON_BEHALF_OF_BODY = "TM.", _("TM. (thay mặt tập thể)")
    DEPUTY = "KT.", _("KT. (ký thay người đứng đầu)")
    BY_ORDER = "TL.", _("TL. (thừa lệnh)")
    BY_DELEGATION = "TUQ.", _("TUQ. (thừa ủy quyền)")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("hiệu lực từ"), default=timezone.localdate)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # How the person signs the agency's documents (Decree 30/2020, Appendix I: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC").
    position = models.CharField(
        _("chức vụ"),
        max_length=120,
        blank=True,
        help_text=_("Chức vụ ghi ở chữ ký văn bản, ví dụ: Giám đốc, Phó Giám đốc, Chánh Văn phòng."),
    )
    signing_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=4,
        blank=True,
        choices=SigningAuthority.choices,
        help_text=_(
            "Để trống khi người đứng đầu ký. KT.: cấp phó ký thay; TL.: thừa lệnh; TM.: thay mặt tập thể; "
            "TUQ.: thừa ủy quyền (Nghị định 30/2020/NĐ-CP, Phụ lục I)."
        ),
    )
    signs_for = models.CharField(
        _("ký thay cho"),
        max_length=120,
        blank=True,
        help_text=_("Chức danh hoặc tập thể được ký thay, ví dụ: Giám đốc; Ủy ban nhân dân."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["agency", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role", "valid_from"], name="membership_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["user", "agency", "role"], name="membership_lookup")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.agency}"
