"""What a person may see: results in which one of their agencies has a part."""

from django.db.models import Exists, OuterRef, Q

from .models import Membership, Result, Transfer


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
    agencies = agency_ids_of(user)
    received = Transfer.objects.filter(result=OuterRef("pk"), receiving_unit_id__in=agencies)
    return results.filter(
        Q(task__host_id__in=agencies) | Q(task__managing_agency_id__in=agencies)
        | Q(ownership_holder_id__in=agencies) | Exists(received)
    )
