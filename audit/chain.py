"""Hash chains: the canonical form of an event, the link hash `sha256(prev_hash + canonical event)` and the
link's HMAC under the audit key (audit/signing.py)."""

import hashlib
import json
from datetime import timezone
from json.encoder import c_make_encoder, encode_basestring
from types import SimpleNamespace

from . import signing

GENESIS_HASH = "0" * 64


def canonical(event) -> str:
    """A stable text of every recorded field of an event (not its own hash); any edit changes it."""
    payload = {
        "case_key": event.case_key,
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(timezone.utc).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "agency_id": event.agency_id,
        "agency_name": event.agency_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "changes": event.changes,
        "comment": event.comment,
        "request_id": event.request_id,
        "ip_address": event.ip_address,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


# An event as the verifier reads it (audit/verification.py): plain rows, `changes` as its JSON text.
ROW_FIELDS = (
    "id",
    "case_key",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "agency_id",
    "agency_name",
    "action",
    "object_type",
    "object_id",
    "changes",
    "comment",
    "request_id",
    "ip_address",
    "prev_hash",
    "hash",
    "hmac",
    "hmac_key_id",
)
# json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str) without building its
# encoder again for every value: the C encoder json.dumps itself uses, made once (no cycle check: a value decoded
# from JSON text has no cycles). The pure-Python one where the C accelerator is missing.
if c_make_encoder is not None:
    _iterencode = c_make_encoder(None, str, encode_basestring, None, ":", ",", True, False, True)
else:  # pragma: no cover
    _iterencode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).iterencode


def canonical_row(row) -> str:
    """canonical() of an event read as a row of ROW_FIELDS, byte for byte (tests/audit/test_canonical_row.py).

    Written out key by key, in sorted order, with the encoders json.dumps uses: json.dumps of a fresh dict per
    event was most of the verifier's time. A value of a type the schema does not give (NULL in a NOT NULL column,
    say, after someone altered the table) goes through canonical() itself."""
    (
        _id,
        case_key,
        seq,
        occurred_at,
        actor_id,
        actor_name,
        agency_id,
        agency_name,
        action,
        object_type,
        object_id,
        changes,
        comment,
        request_id,
        ip_address,
        _prev_hash,
        _hash,
        _hmac,
        _hmac_key_id,
    ) = row
    if not (
        type(seq) is int
        and (actor_id is None or type(actor_id) is int)
        and (agency_id is None or type(agency_id) is int)
    ):
        return _canonical_of_row(row)
    try:
        return (
            f'{{"action":{encode_basestring(action)},"actor_id":{"null" if actor_id is None else actor_id},'
            f'"actor_name":{encode_basestring(actor_name)},"agency_id":{"null" if agency_id is None else agency_id},'
            f'"agency_name":{encode_basestring(agency_name)},"case_key":{encode_basestring(case_key)},'
            f'"changes":{_changes_text(changes)},"comment":{encode_basestring(comment)},'
            f'"ip_address":{"null" if ip_address is None else encode_basestring(ip_address)},'
            f'"object_id":{encode_basestring(str(object_id))},"object_type":{encode_basestring(object_type)},'
            f'"occurred_at":"{occurred_at.astimezone(timezone.utc).isoformat(timespec="microseconds")}",'
            f'"request_id":{encode_basestring(request_id)},"seq":{seq}}}'
        )
    except (TypeError, AttributeError, ValueError):
        return _canonical_of_row(row)


# The canonical text of `changes` by its JSON text, for the texts seen last. Decoding and writing it again is the
# dearest part of an event's text, and many events hold the same changes (a status from one step to the next); the
# text is a function of the JSON text alone. Emptied when full, so it stays small whatever the log holds.
_CHANGES_SEEN: dict[str, str] = {}
_CHANGES_KEPT = 4096


def _changes_text(changes: str) -> str:
    text = _CHANGES_SEEN.get(changes)
    if text is None:
        text = "".join(_iterencode(_decoded(changes), 0))
        if len(_CHANGES_SEEN) >= _CHANGES_KEPT:
            _CHANGES_SEEN.clear()
        _CHANGES_SEEN[changes] = text
    return text


_scan_once = json.JSONDecoder().scan_once  # what json.loads decodes with (the C scanner)


def _decoded(changes: str):
    """json.loads(changes), without the look for whitespace around the value that the database's JSON text never
    has: when the value does not fill the text exactly, json.loads itself decides (its value or its error)."""
    try:
        value, end = _scan_once(changes, 0)
    except (StopIteration, ValueError):
        return json.loads(changes)
    return value if end == len(changes) else json.loads(changes)


def _canonical_of_row(row) -> str:
    event = SimpleNamespace(**dict(zip(ROW_FIELDS, row, strict=True)))
    event.changes = _json_value(event.changes)
    return canonical(event)


def _json_value(text):
    # As Django's JSONField reads a column: NULL is None, text that is not JSON stays text.
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def link_hash(prev_hash: str, event) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode("utf-8")).hexdigest()


def link_message(prev_hash: str, event) -> str:
    return prev_hash + canonical(event)


def seal(event, key=None) -> None:
    """Set `hash`, `hmac` and `hmac_key_id` of an event whose `prev_hash` is set: every writer of events calls this."""
    message = link_message(event.prev_hash, event)
    event.hash = hashlib.sha256(message.encode("utf-8")).hexdigest()
    event.hmac_key_id, event.hmac = signing.sign(message, key)


def signature_problem(event, message=None) -> str | None:
    """Why the event's HMAC does not prove it (None when it does); `message`: its link message, if already built."""
    if not event.hmac:
        return "no HMAC signature (written without the audit key)"
    try:
        ok = signing.valid(message or link_message(event.prev_hash, event), event.hmac_key_id, event.hmac)
    except signing.UnknownKey:
        return f"signed with an unknown key ({event.hmac_key_id})"
    return None if ok else "HMAC signature does not match (forged or altered without the audit key)"
