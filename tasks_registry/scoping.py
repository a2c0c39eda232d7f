"""Which results a person may open: those in which one of their agencies has a part now, or that an auditor's
scope covers. The page-level rules (which parts of a result each of them sees) are in `selectors`, which is the
module pages and the API ask; this one builds the querysets it (and the workflow lists) filter with.

A receiving unit takes part only through the transfer that is current (offered or confirmed):
once it declined, or another transfer took its place, the result is no longer in its lists (`selectors` keeps it a
reduced view of its own offer).
"""

from django.db.models import Exists, OuterRef, Q

from .memo import remembered
from .models import Agency, Membership, Province, Result, STTask, Transfer, TransferStatus

LIVE_TRANSFER_STATUSES = (TransferStatus.OFFERED, TransferStatus.CONFIRMED)


def agency_ids_of(user):
    if not user.is_authenticated:
        return []
    return list(
        remembered(
            ("agency_ids", user.pk),
            lambda: list(Membership.objects.active().filter(user=user).values_list("agency_id", flat=True).distinct()),
        )
    )


def live_transfers():
    """Transfers offered or confirmed: the current one of their result.

    The state machine offers a new transfer only after the last one was declined, and none after a confirmation,
    so a result has at most one live transfer; `access.current_transfer` and `selectors.sight_of` still pick the
    latest, so that a superseded one (only possible by repairing data) gives just a reduced view.
    """
    return Transfer.objects.filter(status__in=LIVE_TRANSFER_STATUSES)


def audit_scope_of(user):
    return remembered(("audit_scope", user.pk), lambda: _audit_scope_of(user))


def _audit_scope_of(user):
    """(every province, agency ids) of the person's active auditor scopes (audit.AuditorScope).

    A province-wide scope names its province (and so the former provinces it carries); one left without a province
    covers every province. Named agencies count with the agencies merged into them.
    """
    from audit.models import AuditorScope

    everywhere, agencies, provinces = False, set(), set()
    grants = AuditorScope.objects.active().filter(user=user).values_list("province_wide", "province", "agencies")
    for province_wide, province, agency in grants:
        if province_wide and province is None:
            everywhere = True
        elif province_wide:
            provinces.add(province)
        if agency is not None:
            agencies.add(agency)
    for province in Province.objects.filter(pk__in=provinces):
        agencies |= set(Agency.objects.filter(province_id__in=province.lineage_ids()).values_list("pk", flat=True))
    return everywhere, with_predecessors(agencies)


def audited_results_q(user):
    """Results an auditor's scope covers: every one for a scope over every province, else its agencies' results."""
    wide, agencies = audit_scope_of(user)
    if wide:
        return Q(pk__isnull=False)
    if not agencies:
        return Q(pk__in=[])
    return (
        Q(task__host_id__in=agencies) | Q(task__managing_agency_id__in=agencies) | Q(ownership_holder_id__in=agencies)
    )


def party_results_q(agencies):
    """Results in which one of `agencies` is host, managing agency, owner, or receiving unit of the current transfer."""
    received = live_transfers().filter(result=OuterRef("pk"), receiving_unit_id__in=agencies)
    return (
        Q(task__host_id__in=agencies)
        | Q(task__managing_agency_id__in=agencies)
        | Q(ownership_holder_id__in=agencies)
        | Exists(received)
    )


def visible_results(user):
    results = Result.objects.all()
    if not user.is_authenticated or not user.is_active:
        return results.none()
    if user.is_superuser:
        return results
    return results.filter(party_results_q(with_predecessors(agency_ids_of(user))) | audited_results_q(user))


def visible_tasks(user):
    """S&T tasks a person may open: those their agencies host or manage (even before a result is filed), those an
    auditor's scope covers, and the tasks of the results they may open."""
    tasks = STTask.objects.all()
    if not user.is_authenticated or not user.is_active:
        return tasks.none()
    if user.is_superuser:
        return tasks
    agencies = with_predecessors(agency_ids_of(user))
    wide, audited = audit_scope_of(user)
    if wide:
        return tasks
    parties = agencies | audited
    return tasks.filter(
        Q(host_id__in=parties) | Q(managing_agency_id__in=parties) | Q(pk__in=visible_results(user).values("task_id"))
    )


# --- provinces and mergers (issue 8): additive helpers, every province-wide list goes through them ---------------


def with_predecessors(agency_ids):
    """The agencies plus every agency merged into one of them: a successor carries its predecessors' cases."""
    start = frozenset(agency_ids)
    return set(remembered(("with_predecessors", start), lambda: frozenset(_with_predecessors(start))))


def _with_predecessors(agency_ids):
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
    ids = (
        Membership.objects.active()
        .filter(user=user, agency__province__isnull=False)
        .values_list("agency__province", flat=True)
    )
    return Province.objects.filter(pk__in={p.current().pk for p in Province.objects.filter(pk__in=ids)})
