"""The recorder's bulk path: whole new chains appended at once, numbered, linked and sealed exactly as
`recorder.record` does one event at a time, for a history written in bulk (the demo's seeding, a scale benchmark).

A chain is a list of `EventRow`s for one new case, in order, without seq, prev_hash or hash: `append_new_chains`
numbers them from 1, links them from GENESIS_HASH, seals each with `chain.seal` (its hash and HMAC under the audit
key), inserts them with executemany and writes one `ChainHead` per case. `changes` must already hold JSON values
(dates and amounts as strings), so that the hash `verify_audit` recomputes from the rows read back is the same.
"""

from django.db import connection

from . import signing
from .chain import GENESIS_HASH, seal
from .models import ChainHead, Event

BATCH_SIZE = 1000


def append_new_chains(chains):
    """Number, link, seal and insert each chain (a list of EventRows of one new case); returns the rows written."""
    key = signing.signing_key()
    rows, heads = [], []
    for chain in chains:
        prev_hash = GENESIS_HASH
        for seq, row in enumerate(chain, start=1):
            row.seq, row.prev_hash = seq, prev_hash
            seal(row, key)
            prev_hash = row.hash
        rows += chain
        heads.append(ChainHead(case_key=chain[-1].case_key, length=len(chain), last_hash=prev_hash))
    insert_events(rows)
    ChainHead.objects.bulk_create(heads, batch_size=BATCH_SIZE)
    return rows


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
