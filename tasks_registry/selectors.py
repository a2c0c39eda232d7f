"""Who sees what of a result: the one module every page, export and API answer asks.

    visible_results(user)      the results a person may open (lists, search, the workflow's lists and pages)
    visible_results_in_order(user)  the same, for a page of an ordered list (counted with visible_results)
    visible_tasks(user)        the S&T tasks a person may open (their agencies' own, and their visible results')
    sight_of(user, result)     what of one result they see: the page, transfers, contract values, documents,
                               revenue and author payouts, the history
    offers_seen_by(user)       the results where a person keeps only a reduced view of their own offers
    parties_acted_for(user, r) the person's agencies that have a part in the result now
    visible_revenues(user)     the revenue records whose amounts a person may read (the shortfalls' list)
    revenue_recorder(user, r)  the owner agency a person records the result's revenue for, or None
    support_requester(user, r) the agency a person asks for commercialisation support for, or None

The rules, by the part an agency of the person plays in the result *now*:

| who                                   | page    | transfers | documents           | revenue, payouts | history            |
|---------------------------------------|---------|-----------|---------------------|------------------|--------------------|
| managing agency, owner, auditor scope | full    | all       | all                 | yes              | all                |
| host (not the owner)                  | full    | all       | all                 | no               | without revenue    |
| competent authority (UBND over a Sở)  | full    | all       | all                 | yes              | all                |
| registrar of a national/ministerial task | full | all       | all                 | no               | without revenue    |
| receiving unit of a live transfer     | full    | its own   | not other transfers'| no               | not other transfers'|
| receiving unit that declined / ended  | reduced | its own, without contract | none    | no               | none               |
| anyone else                           | none (404)                                                                    |

Superusers see everything. Any membership of a party agency counts (officer, head, reporter, auditor of it).
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from viewflow.workflow.models import Task

from audit.models import Event
from audit.recorder import case_key_for

from .access import (
    AUTHORITY_KINDS,
    CENTRAL_LEVELS,
    LIVE_TRANSFER_STATUSES,
    memberships_today,
    parties_of,
    support_applicant,
)
from .lifecycle import RECOGNISED_STATES, STEPS, SUPPORT
from .memo import remembered
from .models import (
    Agency,
    AgencyKind,
    Document,
    Membership,
    Province,
    Result,
    RevenueRecord,
    STTask,
    Transfer,
)
from .roles import WORKING_ROLES

# --- which results and tasks a person may open ------------------------------------------------------------------


def agency_ids_of(user):
    if not user.is_authenticated:
        return []
    return list(dict.fromkeys(membership.agency_id for membership in memberships_today(user)))


def live_transfers():
    """Transfers offered, confirmed or applied: each gives its receiving unit a part in the result (a result may
    have several). A unit whose offer it declined keeps only a reduced view."""
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


def _reach(agencies):
    """(departments whose tasks' ownership `agencies` decide, whether `agencies` hold the central registrar), read
    in one query per request: a People's Committee decides for its departments (`access.ownership_authority`), the
    national S&T information agency registers national and ministerial results (`access.registrar_of`)."""
    start = frozenset(agencies)

    def read():
        rows = Agency.objects.filter(
            Q(parent_id__in=start, kind=AgencyKind.DEPARTMENT, parent__kind__in=AUTHORITY_KINDS)
            | Q(pk__in=start, registers_central_results=True)
        ).values_list("pk", "registers_central_results")
        departments, registrar = set(), False
        for pk, registers in rows:
            if registers and pk in start:
                registrar = True
            else:
                departments.add(pk)
        return frozenset(departments), registrar

    return remembered(("authority_reach", start), read) if start else NO_REACH


NO_REACH: tuple[frozenset[int], bool] = (frozenset(), False)


def reach_of(user, agencies):
    """`_reach` of the person's agencies, without reading anything for someone none of whose agencies is a People's
    Committee, a ministry or the central registrar (most people). Mergers join bodies of one kind
    (tasks_registry.mergers), and a merged registrar's mark moves to its successor (services.merge_agency), so the
    agencies' predecessors need no look."""
    if not any(
        membership.agency.kind in AUTHORITY_KINDS or membership.agency.registers_central_results
        for membership in memberships_today(user)
    ):
        return NO_REACH
    return _reach(agencies)


def party_results_q(agencies, reach=None):
    """Results in which one of `agencies` is host, managing agency (or its competent authority), owner, registrar,
    or receiving unit of a transfer offered, confirmed or applied. `reach`: `reach_of` when the caller has it (else
    read here)."""
    received = live_transfers().filter(result=OuterRef("pk"), receiving_unit_id__in=agencies)
    return dossier_results_q(agencies, reach) | Exists(received)


def dossier_results_q(agencies, reach=None):
    """Results whose whole dossier one of `agencies` reads: as host, managing agency (or its competent authority),
    owner or registrar (`sight_of`'s "dossier"); a receiving unit reads only its own transfers."""
    departments, registrar = _reach(agencies) if reach is None else reach
    managed = set(agencies) | departments
    central = Q(task__level__in=CENTRAL_LEVELS) if registrar else Q(pk__in=[])
    return (
        Q(task__host_id__in=agencies)
        | Q(task__managing_agency_id__in=managed)
        | Q(ownership_holder_id__in=agencies)
        | central
    )


def visible_tracks_q(user, prefix=""):
    """The processes of results' transfers and supports a person may list (`prefix`: the path to the process): every
    one of a result whose dossier they read, and the processes of their own agencies' transfers."""
    if user.is_superuser:
        return Q()
    agencies = with_predecessors(agency_ids_of(user))
    dossiers = Result.objects.filter(dossier_results_q(agencies, reach_of(user, agencies)) | audited_results_q(user))
    own = Transfer.objects.filter(receiving_unit_id__in=agencies).values("pk")
    return (
        Q(**{f"{prefix}seed_object_id__isnull": True})
        | Q(**{f"{prefix}artifact_object_id__in": dossiers.values("pk")})
        | Q(
            **{
                f"{prefix}seed_content_type": ContentType.objects.get_for_model(Transfer),
                f"{prefix}seed_object_id__in": own,
            }
        )
    )


def visible_results(user):
    return _visible_results(user, in_order=False)


def visible_results_in_order(user):
    """The same results as `visible_results`, written as one OR over the results joined to their tasks, for a page
    of an ordered list: PostgreSQL can read them in the order's index and stop after the page, where the union is
    found whole and then sorted. Count with `visible_results`: counting this way reads every result."""
    return _visible_results(user, in_order=True)


def _visible_results(user, *, in_order):
    results = Result.objects.all()
    if not user.is_authenticated or not user.is_active:
        return results.none()
    if user.is_superuser:
        return results
    agencies = with_predecessors(agency_ids_of(user))
    reach = reach_of(user, agencies)
    wide, audited = audit_scope_of(user)
    if wide:
        return results
    if in_order or audited:
        # An auditor's scope is a province's share of all results: one pass over them reads it faster than the
        # union below (measured at 200.000 results: 0,3 s against 0,9 s for a first page of 39.000).
        return results.filter(party_results_q(agencies, reach) | audited_results_q(user))
    ids = party_result_ids(agencies, reach)
    return results.filter(pk__in=ids) if ids is not None else results.none()


def party_result_ids(agencies, reach):
    """The ids of `party_results_q`'s results as a UNION of lookups each served by an index. The OR of the same
    conditions joins every result to its task and reads them all: at 200.000 results, 0,3 s for a province's 4.000
    against 0,02 s this way (bench/RESULTS.md). None when no agency has a part in anything."""
    departments, registrar = reach
    if not agencies:
        return None
    arms = [
        Result.objects.filter(task__host_id__in=agencies),
        Result.objects.filter(task__managing_agency_id__in=set(agencies) | set(departments)),
        Result.objects.filter(ownership_holder_id__in=agencies),
    ]
    if registrar:
        arms.append(Result.objects.filter(task__level__in=CENTRAL_LEVELS))
    ids = [arm.order_by().values("pk") for arm in arms]
    ids.append(live_transfers().filter(receiving_unit_id__in=agencies).order_by().values("result_id"))
    return ids[0].union(*ids[1:])


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


def province_results_q(province):
    """Results of a province, as a condition on a result: those of tasks its agencies (or its former provinces'
    agencies) manage."""
    return Q(task__managing_agency__province_id__in=province.lineage_ids())


def province_results(province):
    """Results of a province: those of tasks its agencies (or its former provinces' agencies) manage."""
    return Result.objects.filter(province_results_q(province))


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


def parties_acted_for(user, result):
    """The ids of the person's agencies that have a part in the result now: the agencies they may act for on it
    (attaching a paper, downloading one; the record names the first of them)."""
    return set(agency_ids_of(user)) & parties_of(result)


# --- what of one result they see ----------------------------------------------------------------------------------

# Events that carry revenue and author payouts (tasks_registry.services.record_revenue).
REVENUE_ACTIONS = ("revenue.recorded",)

FULL, REDUCED, NONE = "full", "reduced", "none"


@dataclass
class Sight:
    """What one person sees of one result. Built once per request by `sight_of`."""

    result: Result
    page: str = NONE
    dossier: bool = False  # host, managing agency, owner, auditor in scope, superuser
    revenue: bool = False
    own_transfer_ids: frozenset = field(default_factory=frozenset)  # a receiving unit's own transfers
    agencies: frozenset = field(default_factory=frozenset)

    @property
    def full(self):
        return self.page == FULL

    @property
    def reduced(self):
        return self.page == REDUCED

    @property
    def may_see_contracts(self):
        """Contract numbers and values of the transfers listed (a former receiving unit sees none)."""
        return self.full

    @property
    def may_see_supports(self):
        return self.dossier

    def transfers(self):
        transfers = self.result.transfers.select_related("receiving_unit")
        if self.page == NONE:
            return transfers.none()
        return transfers if self.dossier else transfers.filter(pk__in=self.own_transfer_ids)

    def documents(self):
        documents = self.result.documents.select_related("uploaded_for")
        if not self.full:
            return documents.none()
        if self.dossier:
            return documents
        # A receiving unit: the dossier and its own transfer's papers, never another transfer's.
        return documents.filter(Q(transfer__isnull=True) | Q(transfer_id__in=self.own_transfer_ids))

    def may_download(self, document):
        return self.documents().filter(pk=document.pk).exists()

    def revenues(self):
        return self.result.revenues.all() if self.full and self.revenue else self.result.revenues.none()

    def events(self):
        """The result's history as this person may read it."""
        events = Event.objects.filter(case_key=case_key_for(self.result))
        if not self.full:
            return events.none()
        if not self.revenue:
            events = events.exclude(action__in=REVENUE_ACTIONS)
        if self.dossier:
            return events
        # A receiving unit: nothing about another transfer (its steps, comments, papers and their downloads, the
        # work on it and who did it), nor about the result's supports (the owner's dossier, not the unit's).
        others = list(self.result.transfers.exclude(pk__in=self.own_transfer_ids).values_list("pk", flat=True))
        hidden = Q(action__in=SUPPORT_ACTIONS) | Q(object_type="tasks_registry.commercialisationsupport")
        hidden |= Q(object_type="tasks_registry.transfer", object_id__in=[str(pk) for pk in others])
        for transfer_id in others:
            # The event keeps the transfer whole (its values, with its id) or, in older events, by its id.
            hidden |= Q(changes__transfer__1=transfer_id) | Q(changes__transfer__1__id=transfer_id)
        their_papers = Document.objects.filter(result=self.result, transfer_id__in=others).values_list("pk", flat=True)
        hidden |= Q(object_type="tasks_registry.document", object_id__in=[str(pk) for pk in their_papers])
        their_tasks = _track_tasks(self.result, exclude_transfers=self.own_transfer_ids)
        hidden |= Q(object_type="viewflow.task", object_id__in=[str(pk) for pk in their_tasks])
        # Through the ids: a JSON key missing from an event compares as NULL, which a bare exclude() would drop.
        return events.exclude(pk__in=events.filter(hidden).values("pk"))

    def may_follow_track(self, process):
        """Whether the person may open the process of one of the result's transfers or supports: whoever reads the
        dossier; a receiving unit only its own transfers'."""
        if self.dossier:
            return True
        return (
            self.full
            and process.seed_content_type.model == "transfer"
            and int(process.seed_object_id) in self.own_transfer_ids
        )


# The steps of a result's supports: the owner's dossier, which a receiving unit does not read.
SUPPORT_ACTIONS = tuple(
    f"result.{name}" for name, step in STEPS.items() if step.subject == SUPPORT or step.opens == SUPPORT
)


def _track_tasks(result, exclude_transfers=()):
    """Ids of the tasks of the result's transfers' and supports' own processes, but for the transfers named."""
    transfer_type = ContentType.objects.get_for_model(Transfer)
    tasks = Task.objects.filter(
        process__artifact_content_type=ContentType.objects.get_for_model(Result),
        process__artifact_object_id=result.pk,
        process__seed_object_id__isnull=False,
    ).exclude(process__seed_content_type=transfer_type, process__seed_object_id__in=list(exclude_transfers))
    return list(tasks.values_list("pk", flat=True))


def _covered_by_audit(user, result):
    wide, agencies = audit_scope_of(user)
    parties = {result.task.host_id, result.task.managing_agency_id, result.ownership_holder_id}
    return wide or bool(agencies & parties)


def sight_of(user, result):
    """What `user` sees of `result` (a Result read with `with_parties()`, or any Result)."""
    sight = Sight(result=result)
    if not user.is_authenticated or not user.is_active:
        return sight
    if user.is_superuser:
        sight.page, sight.dossier, sight.revenue = FULL, True, True
        return sight
    agencies = frozenset(with_predecessors(agency_ids_of(user)))
    sight.agencies = agencies
    task = result.task
    # The competent authority reads the case as the managing agency does; the registrar reads the dossier, not the
    # revenue.
    departments, registers = reach_of(user, agencies)
    managing = task.managing_agency_id in agencies or task.managing_agency_id in departments
    registrar = registers and task.level in CENTRAL_LEVELS
    owner = result.ownership_holder_id is not None and result.ownership_holder_id in agencies
    host = task.host_id in agencies
    audits = _covered_by_audit(user, result)
    own_transfers = dict(
        Transfer.objects.filter(result=result, receiving_unit_id__in=agencies).values_list("pk", "status")
    )
    sight.own_transfer_ids = frozenset(own_transfers)
    if managing or owner or host or audits or registrar:
        sight.page, sight.dossier, sight.revenue = FULL, True, managing or owner or audits
        return sight
    if any(status in LIVE_TRANSFER_STATUSES for status in own_transfers.values()):
        sight.page = FULL
    elif sight.own_transfer_ids:
        sight.page = REDUCED
    return sight


def offers_seen_by(user):
    """Results a person's agencies were offered but no longer take part in (their reduced view)."""
    agencies = agency_ids_of(user)
    offered = Result.objects.filter(transfers__receiving_unit_id__in=agencies).distinct()
    return offered.exclude(pk__in=visible_results(user).values("pk"))


def documents_for_download(user, result):
    """The documents of `result` the person may download (the download view's queryset)."""
    return sight_of(user, result).documents()


# --- revenue and the authors' share ---------------------------------------------------------------------------


def revenue_owner(result: Result) -> Agency | None:
    """The agency that reports the result's revenue now: its owner, or the successor a merged owner acts through."""
    holder = result.ownership_holder
    return holder.acting() if holder is not None else None


def revenue_recorder(user, result: Result) -> Agency | None:
    """The owner agency `user` may record the result's revenue for (an officer or head of it today), or None: the
    revenue page opens, and the result page links to it, only for them."""
    owner = revenue_owner(result)
    if owner is None or not user.is_authenticated or not user.is_active:
        return None
    held = any(m.agency_id == owner.pk and m.role in WORKING_ROLES for m in memberships_today(user))
    return owner if held else None


def support_requester(user, result: Result) -> Agency | None:
    """The agency `user` may ask for commercialisation support for (an officer or head of it today), or None: the
    owner once ownership is settled, the host before; from recognition on, until the case is closed."""
    if result.status not in RECOGNISED_STATES or not user.is_authenticated or not user.is_active:
        return None
    applicant = support_applicant(result).acting()
    held = any(m.agency_id == applicant.pk and m.role in WORKING_ROLES for m in memberships_today(user))
    return applicant if held else None


def revenue_results_q(user) -> Q:
    """Results whose revenue and author payouts the person reads (the "revenue" column of the table above): those
    their agencies manage or own, and those an auditor's scope covers."""
    agencies = with_predecessors(agency_ids_of(user))
    # The competent authority reads them as the department it decides for does; the registrar does not.
    managed = agencies | reach_of(user, agencies)[0]
    return Q(task__managing_agency_id__in=managed) | Q(ownership_holder_id__in=agencies) | audited_results_q(user)


def visible_revenues(user):
    """Revenue records a person may read, each with its result, task and owner (the list of shortfalls)."""
    records = RevenueRecord.objects.select_related("result__task", "result__ownership_holder")
    if not user.is_authenticated or not user.is_active:
        return records.none()
    if user.is_superuser:
        return records
    return records.filter(result__in=Result.objects.filter(revenue_results_q(user)).values("pk"))


__all__ = [
    "FULL",
    "NONE",
    "REDUCED",
    "Sight",
    "documents_for_download",
    "offers_seen_by",
    "revenue_recorder",
    "support_requester",
    "sight_of",
    "visible_results",
    "visible_revenues",
]
