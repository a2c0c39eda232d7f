"""Hash chains: the canonical form of an event and the link hash `sha256(prev_hash + canonical event)`."""

import hashlib
import json
from datetime import timezone

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
