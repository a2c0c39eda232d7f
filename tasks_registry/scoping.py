"""Which results a person may open: those in which one of their agencies has a part now, or that an auditor's
scope covers. The page-level rules (which parts of a result each of them sees) are in `selectors`, which is the
module pages and the API ask; this one builds the querysets it (and the workflow lists) filter with.

A receiving unit takes part only through the transfer that is current (offered or confirmed):
once it declined, or another transfer took its place, the result is no longer in its lists (`selectors` keeps it a
reduced view of its own offer).
"""

from django.db.models import Exists, OuterRef, Q

from .models import Membership, Result, Transfer, TransferStatus

LIVE_TRANSFER_STATUSES = (TransferStatus.OFFERED, TransferStatus.CONFIRMED)


def agency_ids_of(user):
    if not user.is_authenticated:
        return []
    return list(Membership.objects.active().filter(user=user).values_list("agency_id", flat=True).distinct())


def live_transfers():
    """Transfers offered or confirmed: the current one of their result.

    The state machine offers a new transfer only after the last one was declined, and none after a confirmation,
    so a result has at most one live transfer; `access.current_transfer` and `selectors.sight_of` still pick the
    latest, so that a superseded one (only possible by repairing data) gives just a reduced view.
    """
    return Transfer.objects.filter(status__in=LIVE_TRANSFER_STATUSES)


def audit_scope_of(user):
    """(province_wide, agency ids) of the person's active auditor scopes (audit.AuditorScope)."""
    from audit.models import AuditorScope

    wide, agencies = False, set()
    for province_wide, agency in AuditorScope.objects.active().filter(user=user).values_list("province_wide", "agencies"):
        wide = wide or province_wide
        if agency is not None:
            agencies.add(agency)
    return wide, agencies


def audited_results_q(user):
    """Results an auditor's scope covers: every one for a province-wide scope, else those of the agencies named."""
    wide, agencies = audit_scope_of(user)
    if wide:
        return Q(pk__isnull=False)
    if not agencies:
        return Q(pk__in=[])
    return Q(task__host_id__in=agencies) | Q(task__managing_agency_id__in=agencies) | Q(ownership_holder_id__in=agencies)


def party_results_q(agencies):
    """Results in which one of `agencies` is host, managing agency, owner, or receiving unit of the current transfer."""
    received = live_transfers().filter(result=OuterRef("pk"), receiving_unit_id__in=agencies)
    return (
        Q(task__host_id__in=agencies) | Q(task__managing_agency_id__in=agencies)
        | Q(ownership_holder_id__in=agencies) | Exists(received)
    )


def visible_results(user):
    results = Result.objects.all()
    if not user.is_authenticated or not user.is_active:
        return results.none()
    if user.is_superuser:
        return results
    return results.filter(party_results_q(agency_ids_of(user)) | audited_results_q(user))
