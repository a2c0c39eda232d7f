"""Hash chains: the canonical form of an event, the link hash `sha256(prev_hash + canonical event)` and the
link's HMAC under the audit key (audit/signing.py)."""

import hashlib
import json
from datetime import timezone

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
