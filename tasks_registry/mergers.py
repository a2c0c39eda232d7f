"""Merging provinces (Nghị quyết 202/2025/QH15: A and B become C on a date) as one service.

Each agency of a former province active on the day is either merged into its counterpart in C (Sở into Sở, UBND
tỉnh into UBND tỉnh: same kind and short name, or the administrator's explicit choice), which ends its memberships
and moves its open work to the counterpart's queues (`services.merge_agency`), or re-parented into C (universities,
companies, communes keep working under the new province). The former province keeps its agencies' history, its
plans and its targets; C reports for them (`Province.lineage_ids`). One transaction, one audit event per province
and per agency, and one per case whose work moved.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit import recorder

from . import services
from .errors import InvalidInput
from .models import Agency, AgencyKind, Province

# Agencies of these kinds are merged into their counterpart of the same short name; others are re-parented.
COUNTERPART_KINDS = (AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE)


def counterparts(source, into, on):
    """{agency of `source`: agency of `into`} for agencies with a counterpart (same kind and short name)."""
    targets = {}
    for agency in Agency.objects.active(on).filter(province=into, kind__in=COUNTERPART_KINDS).exclude(short_name=""):
        targets.setdefault((agency.kind, agency.short_name), agency)
    return {
        agency: targets[(agency.kind, agency.short_name)]
        for agency in _agencies_on(source, on).filter(kind__in=COUNTERPART_KINDS)
        if (agency.kind, agency.short_name) in targets
    }


def _agencies_on(province, on):
    return (
        Agency.objects.filter(province=province).filter(Q(active_to__isnull=True) | Q(active_to__gte=on)).order_by("pk")
    )


def merge_provinces(sources, *, into, actor, effective_on, basis, successors=None, comment=""):
    """Merge the former provinces `sources` into `into` from `effective_on`; returns `into`."""
    services._check_administrator(actor)
    basis = (basis or "").strip()
    if not basis:
        raise InvalidInput(_("Cần ghi căn cứ pháp lý của việc sáp nhập."), field="basis")
    sources = [p for p in sources if p.pk != into.pk]
    if not sources:
        raise InvalidInput(_("Cần chọn ít nhất một tỉnh khác tỉnh kế thừa."), field="sources")
    successors = dict(successors or {})
    with transaction.atomic():
        into = Province.objects.select_for_update().get(pk=into.pk)
        if into.active_to is not None:
            raise InvalidInput(_("Tỉnh kế thừa đã ngừng hoạt động."), field="into")
        for source in sources:
            source = Province.objects.select_for_update().get(pk=source.pk)
            if source.active_to is not None:
                raise InvalidInput(
                    _("Tỉnh %(name)s đã được sáp nhập trước đó.") % {"name": source.name}, field="sources"
                )
            if effective_on <= source.active_from:
                raise InvalidInput(_("Ngày sáp nhập phải sau ngày tỉnh bắt đầu hoạt động."), field="effective_on")
            mapping = counterparts(source, into, effective_on)
            mapping.update({a: s for a, s in successors.items() if a.province_id == source.pk})
            for successor in mapping.values():
                if successor.province_id != into.pk:
                    raise InvalidInput(
                        _("Cơ quan kế thừa %(agency)s không thuộc %(province)s.")
                        % {"agency": successor, "province": into},
                        field="successors",
                    )
            for agency in _agencies_on(source, effective_on):
                if agency in mapping:
                    services.merge_agency(
                        agency,
                        actor=actor,
                        successor=mapping[agency],
                        effective_on=effective_on,
                        basis=basis,
                        comment=comment,
                    )
                else:
                    _reparent(agency, into, actor=actor, basis=basis)
            last_day = effective_on - datetime.timedelta(days=1)
            source.active_to, source.successor, source.legal_basis = last_day, into, basis[:255]
            source.save(update_fields=["active_to", "successor", "legal_basis"])
            source.names.filter(valid_to__isnull=True).update(valid_to=last_day)
            recorder.record(
                case=source,
                action="province.merged",
                actor=actor,
                comment=comment or basis,
                changes={
                    "active_to": [None, last_day],
                    "successor_id": [None, into.pk],
                    "agencies_merged": [None, sorted(a.pk for a in mapping)],
                },
            )
    return into


def _reparent(agency, into, *, actor, basis):
    before = agency.province_id
    Agency.objects.filter(pk=agency.pk).update(province=into)
    recorder.record(
        case=agency, action="agency.reparented", actor=actor, comment=basis, changes={"province_id": [before, into.pk]}
    )
