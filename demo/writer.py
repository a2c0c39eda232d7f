"""Saving what the generator produced, in bulk, with audit hash chains exactly as `audit.recorder` builds them.

The services are not called per result (100,000 results would take hours): instances are bulk-created, then each
result's event drafts become `audit.Event` rows (inserted with executemany, see `insert_events`) numbered from 1 with `prev_hash` starting at GENESIS_HASH and
`audit.chain.seal` (the link hash and its HMAC under the audit key), and one `ChainHead` per case holds the length and the last hash.
`changes` hold only JSON values (dates and amounts as strings), so the hash `verify_audit` recomputes from the
rows read back equals the one computed here.
"""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import connection

from audit import signing
from audit.chain import GENESIS_HASH, seal
from audit.models import ChainHead, Event
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
from .results import Ref, local_day

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

        events, heads = [], []
        for bundle in results:
            chain = self._chain(bundle)
            events += chain
            heads.append(ChainHead(case_key=chain[-1].case_key, length=len(chain), last_hash=chain[-1].hash))
        insert_events(events)
        ChainHead.objects.bulk_create(heads, batch_size=BATCH_SIZE)
        self.counts["tasks"] += len(bundles)
        self.counts["results"] += len(results)
        self.counts["events"] += len(events)

    def _dossier_return(self, result, draft):
        """What services.return_* keeps beside the event: the same reason, person, agency and moment."""
        return DossierReturn(
            result=result,
            step=draft.action.removeprefix("result."),
            reason=draft.comment,
            returned_at=draft.at,
            returned_by_id=self.users[draft.actor][0],
            agency_id=self.ctx.agency_pk[draft.agency],
        )

    def _chain(self, bundle):
        case_key = case_key_for(bundle.result)
        prev_hash = GENESIS_HASH
        key = signing.signing_key()
        chain = []
        for seq, draft in enumerate(bundle.events, start=1):
            actor_id, actor_name = self.users[draft.actor]
            obj = draft.obj
            event = EventRow(
                case_key=case_key,
                seq=seq,
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
                prev_hash=prev_hash,
            )
            seal(event, key)
            prev_hash = event.hash
            chain.append(event)
        return chain


class EventRow:
    """The fields of one `audit.Event`, without a model instance (800,000 of those would cost a minute).

    `audit.chain.seal` reads and sets attributes only, so it hashes and signs this exactly as it does an Event.
    """

    __slots__ = (
        "action",
        "actor_id",
        "actor_name",
        "agency_id",
        "agency_name",
        "case_key",
        "changes",
        "comment",
        "hash",
        "hmac",
        "hmac_key_id",
        "ip_address",
        "object_id",
        "object_type",
        "occurred_at",
        "prev_hash",
        "request_id",
        "seq",
    )

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)


def insert_events(rows):
    """INSERT the rows with executemany; only the time and the JSON need the backend's own preparation."""
    if not rows:
        return
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    prepared = {"occurred_at", "changes"}
    defaults = {}
    for f in fields:
        if f.attname not in EventRow.__slots__:
            defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
    fields_by_name = {f.attname: f for f in fields}
    occurred_at, changes = fields_by_name["occurred_at"], fields_by_name["changes"]
    names = [f.attname for f in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(Event._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )

    def values(row):
        out = []
        for name in names:
            if name in prepared:
                field = occurred_at if name == "occurred_at" else changes
                out.append(field.get_db_prep_save(getattr(row, name), connection))
            elif name in defaults:
                out.append(defaults[name])
            else:
                out.append(getattr(row, name))
        return out

    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5 * BATCH_SIZE):
            cursor.executemany(sql, [values(row) for row in rows[start : start + 5 * BATCH_SIZE]])


def _resolved(changes):
    resolved = {}
    for key, (before, after) in changes.items():
        resolved[key] = [
            before.obj.pk if isinstance(before, Ref) else before,
            after.obj.pk if isinstance(after, Ref) else after,
        ]
    return resolved
