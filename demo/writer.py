"""Saving what the generator produced, in bulk, with the audit chains written by the recorder's bulk path.

The services are not called per result (100,000 results would take hours): instances are bulk-created, then each
result's event drafts become rows of `audit.bulk.EventRow` that `audit.bulk.append_new_chains` numbers, links,
seals and inserts exactly as `audit.recorder.record` does one at a time. `changes` hold only JSON values (dates and
amounts as strings), so the hash `verify_audit` recomputes from the rows read back equals the one computed here.
"""

from contextlib import contextmanager

from django.contrib.auth import get_user_model

from audit import bulk
from audit.recorder import case_key_for
from tasks_registry.models import (
    ApplicationAddress,
    CommercialisationSupport,
    DossierReturn,
    IPTitle,
    Result,
    RevenueRecord,
    STTask,
    Transfer,
)

from . import REQUEST_ID
from .agencies import timelines
from .results import Ref, Values, local_day

BATCH_SIZE = 1000


@contextmanager
def historic_timestamps():
    """Let bulk_create keep the creation times the generator set (the history happened years ago, not now).

    `auto_now_add` would overwrite them with the current time; it is switched off for these fields while the demo
    is written and restored afterwards.
    """
    fields = [
        Result._meta.get_field("created_at"),
        Result._meta.get_field("status_changed_at"),
        STTask._meta.get_field("created_at"),
    ]
    saved = [f.auto_now_add for f in fields]
    try:
        for f in fields:
            f.auto_now_add = False
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


class Writer:
    def __init__(self, ctx, usernames):
        self.ctx = ctx
        self.timelines = timelines()
        users = get_user_model().objects.filter(username__in=usernames)
        self.users = {u.username: (u.pk, u.get_full_name() or u.get_username()) for u in users}
        self.names = {}
        self.counts = {"tasks": 0, "results": 0, "events": 0}

    def _agency_name(self, code, day):
        key = (code, day)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = self.timelines[code].name_on(day)
        return name

    def write(self, bundles):
        """Save a chunk of TaskBundles and the audit chains of their results."""
        with historic_timestamps():
            STTask.objects.bulk_create([b.task for b in bundles], batch_size=BATCH_SIZE)
            ApplicationAddress.objects.bulk_create([a for b in bundles for a in b.addresses], batch_size=BATCH_SIZE)
            results = [r for b in bundles for r in b.results]
            Result.objects.bulk_create([r.result for r in results], batch_size=BATCH_SIZE)
        Transfer.objects.bulk_create([t for r in results for t in r.transfers], batch_size=BATCH_SIZE)
        CommercialisationSupport.objects.bulk_create([s for r in results for s in r.supports], batch_size=BATCH_SIZE)
        IPTitle.objects.bulk_create([t for r in results for t in r.ip_titles], batch_size=BATCH_SIZE)
        RevenueRecord.objects.bulk_create([v for r in results for v in r.revenues], batch_size=BATCH_SIZE)
        DossierReturn.objects.bulk_create(
            [self._dossier_return(r.result, draft) for r in results for draft in r.returns], batch_size=BATCH_SIZE
        )

        events = bulk.append_new_chains([self._chain(bundle) for bundle in results])
        self.counts["tasks"] += len(bundles)
        self.counts["results"] += len(results)
        self.counts["events"] += len(events)

    def _dossier_return(self, result, draft):
        """What a return step (services._perform) keeps beside the event: the same reason, person, agency and moment."""
        return DossierReturn(
            result=result,
            step=draft.action.removeprefix("result."),
            reason=draft.comment,
            returned_at=draft.at,
            returned_by_id=self.users[draft.actor][0],
            agency_id=self.ctx.agency_pk[draft.agency],
        )

    def _chain(self, bundle):
        """The result's events as the recorder's bulk path takes them (it numbers, links and seals them)."""
        case_key = case_key_for(bundle.result)
        chain = []
        for draft in bundle.events:
            actor_id, actor_name = self.users[draft.actor]
            obj = draft.obj
            event = bulk.EventRow(
                case_key=case_key,
                occurred_at=draft.at,
                actor_id=actor_id,
                actor_name=actor_name,
                agency_id=self.ctx.agency_pk[draft.agency],
                agency_name=self._agency_name(draft.agency, local_day(draft.at)),
                action=draft.action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                changes=_resolved(draft.changes),
                comment=draft.comment,
                request_id=REQUEST_ID,
                ip_address=None,
            )
            chain.append(event)
        return chain


def _resolved(changes):
    return {key: [_value(before), _value(after)] for key, (before, after) in changes.items()}


def _value(value):
    """A saved record's key where the generator could only point at the record (Ref, Values)."""
    if isinstance(value, Ref):
        return value.obj.pk
    if isinstance(value, Values):
        return value.resolved()
    return value
