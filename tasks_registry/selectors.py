"""Who sees what of a result: the one module every page, export and API answer asks.

    visible_results(user)      the results a person may open (lists, search, the workflow's lists and pages)
    visible_tasks(user)        the S&T tasks a person may open (their agencies' own, and their visible results')
    sight_of(user, result)     what of one result they see: the page, transfers, contract values, documents,
                               revenue and author payouts, the history
    offers_seen_by(user)       the results where a person keeps only a reduced view of their own offers

The rules, by the part an agency of the person plays in the result *now*:

| who                                   | page    | transfers | documents           | revenue, payouts | history            |
|---------------------------------------|---------|-----------|---------------------|------------------|--------------------|
| managing agency, owner, auditor scope | full    | all       | all                 | yes              | all                |
| host (not the owner)                  | full    | all       | all                 | no               | without revenue    |
| receiving unit of the current transfer| full    | its own   | not other transfers'| no               | not other transfers'|
| receiving unit that declined / ended  | reduced | its own, without contract | none    | no               | none               |
| anyone else                           | none (404)                                                                    |

Superusers see everything. Any membership of a party agency counts (officer, head, reporter, auditor of it).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from audit.models import Event
from audit.recorder import case_key_for

from .access import current_transfer
from .models import Document, Result, Transfer
from .scoping import agency_ids_of, audit_scope_of, visible_results, visible_tasks, with_predecessors  # noqa: F401 - re-exported

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
        # A receiving unit: nothing about another transfer (its steps, comments, papers and their downloads).
        others = list(self.result.transfers.exclude(pk__in=self.own_transfer_ids).values_list("pk", flat=True))
        if not others:
            return events
        hidden = Q(object_type="tasks_registry.transfer", object_id__in=[str(pk) for pk in others])
        for transfer_id in others:
            hidden |= Q(changes__transfer__1=transfer_id)
        their_papers = Document.objects.filter(result=self.result, transfer_id__in=others).values_list("pk", flat=True)
        hidden |= Q(object_type="tasks_registry.document", object_id__in=[str(pk) for pk in their_papers])
        # Through the ids: a JSON key missing from an event compares as NULL, which a bare exclude() would drop.
        return events.exclude(pk__in=events.filter(hidden).values("pk"))


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
    managing = task.managing_agency_id in agencies
    owner = result.ownership_holder_id is not None and result.ownership_holder_id in agencies
    host = task.host_id in agencies
    audits = _covered_by_audit(user, result)
    sight.own_transfer_ids = frozenset(
        Transfer.objects.filter(result=result, receiving_unit_id__in=agencies).values_list("pk", flat=True)
    )
    if managing or owner or host or audits:
        sight.page, sight.dossier, sight.revenue = FULL, True, managing or owner or audits
        return sight
    current = current_transfer(result)
    if current is not None and current.pk in sight.own_transfer_ids:
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


__all__ = [
    "FULL",
    "NONE",
    "REDUCED",
    "Sight",
    "documents_for_download",
    "offers_seen_by",
    "sight_of",
    "visible_results",
]
