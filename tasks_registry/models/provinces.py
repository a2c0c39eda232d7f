"""Provinces (tỉnh, thành phố trực thuộc trung ương) as data: names over time, a successor after a merger, and the
legal basis of each. Agencies belong to one province (central bodies to none); plans, reporting settings, auditor
scopes and province-wide figures hang off it, and the province is the key data would be partitioned by."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..memo import remembered


class ProvinceQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(active_from__lte=on).filter(Q(active_to__isnull=True) | Q(active_to__gte=on))


class Province(models.Model):
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên hiện tại"), max_length=120)
    active_from = models.DateField(_("hoạt động từ"))
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    legal_basis = models.CharField(_("căn cứ thành lập, sáp nhập"), max_length=255, blank=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="province_active_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(successor=models.F("id")), name="province_not_own_successor"),
        ]

    def __str__(self):
        return self.name

    def name_on(self, day):
        for record in self.names.all():
            if record.valid_from <= day and (record.valid_to is None or day <= record.valid_to):
                return record.name
        return self.name

    def lineage_ids(self):
        """This province and every former province merged into it, however many mergers ago.

        A province reports for the results, plans and targets its predecessors left it (Nghị quyết 202/2025/QH15):
        every province-wide figure is taken over this set, so nothing is counted twice and nothing is lost.
        """
        # A report page asks it for every year and figure it shows: answered once per request (tasks_registry.memo).
        return set(remembered(("province_lineage", self.pk), self._read_lineage))

    def _read_lineage(self):
        ids, frontier = {self.pk}, {self.pk}
        while frontier:
            frontier = set(Province.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return frozenset(ids)

    def current(self):
        """The province that carries this one today (itself when it was not merged)."""
        province, seen = self, {self.pk}
        while province.successor_id and province.successor_id not in seen:
            seen.add(province.successor_id)
            province = province.successor
        return province


class ProvinceName(models.Model):
    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên"), max_length=120)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    basis = models.CharField(_("căn cứ đổi tên"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tên tỉnh theo thời gian")
        verbose_name_plural = _("tên tỉnh theo thời gian")
        ordering = ["province", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "valid_from"], name="province_name_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="province_name_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name
