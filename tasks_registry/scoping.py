"""What a person may see: results in which one of their agencies has a part."""

from django.db.models import Exists, OuterRef, Q

from .models import Agency, Membership, Province, Result, Transfer


def agency_ids_of(user):
    if not user.is_authenticated:
        return []
    return list(Membership.objects.active().filter(user=user).values_list("agency_id", flat=True).distinct())


def visible_results(user):
    results = Result.objects.all()
    if not user.is_authenticated:
        return results.none()
    if user.is_superuser:
        return results
    agencies = with_predecessors(agency_ids_of(user))
    received = Transfer.objects.filter(result=OuterRef("pk"), receiving_unit_id__in=agencies)
    return results.filter(
        Q(task__host_id__in=agencies) | Q(task__managing_agency_id__in=agencies)
        | Q(ownership_holder_id__in=agencies) | Exists(received)
    )


# --- provinces and mergers (issue 8): additive helpers, every province-wide list goes through them ---------------


def with_predecessors(agency_ids):
    """The agencies plus every agency merged into one of them: a successor carries its predecessors' cases."""
    ids, frontier = set(agency_ids), set(agency_ids)
    while frontier:
        frontier = set(Agency.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def province_agency_ids(province):
    """Agencies of the province and of the former provinces it carries (the partitioning key: see architecture.md)."""
    return Agency.objects.filter(province_id__in=province.lineage_ids()).values("pk")


def province_results(province):
    """Results of a province: those of tasks its agencies (or its former provinces' agencies) manage."""
    return Result.objects.filter(task__managing_agency__province_id__in=province.lineage_ids())


def provinces_of(user):
    """The provinces (as they are today) in which the person holds an active role; none for central bodies."""
    if not user.is_authenticated:
        return Province.objects.none()
    ids = Membership.objects.active().filter(user=user, agency__province__isnull=False).values_list(
        "agency__province", flat=True)
    return Province.objects.filter(pk__in={p.current().pk for p in Province.objects.filter(pk__in=ids)})
