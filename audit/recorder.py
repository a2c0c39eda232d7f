"""Appending events. Called by services inside their transaction, so the change and its event commit together."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .chain import GENESIS_HASH, seal
from .context import current_origin
from .models import ChainHead, Event


def case_key_prefix(model) -> str:
    return f"{model._meta.label_lower}:"


def case_key_for(obj) -> str:
    return f"{case_key_prefix(type(obj))}{obj.pk}"


def case_keys(objects):
    """The case keys of the objects' chains, as a subquery (`Event.case_key__in=`): read by the case-key index."""
    prefix = Value(case_key_prefix(objects.model))
    return (
        objects.order_by()
        .annotate(case=Concat(prefix, Cast("pk", CharField()), output_field=CharField()))
        .values("case")
    )


def _json_ready(value):
    # Store exactly what the database will give back, so the hash computed now matches the one recomputed later.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def record(*, case, action, obj=None, actor=None, agency=None, changes=None, comment="", origin=None) -> Event:
    """Append one event to the chain of `case` (a model instance or a case key)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    case_key = case if isinstance(case, str) else case_key_for(case)
    obj = obj if obj is not None else (None if isinstance(case, str) else case)
    origin = origin or current_origin()

    ChainHead.objects.bulk_create([ChainHead(case_key=case_key)], ignore_conflicts=True)
    head = ChainHead.objects.select_for_update().get(case_key=case_key)

    event = Event(
        case_key=case_key,
        seq=head.length + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_name=_display_name(actor),
        agency=agency,
        agency_name=agency.name if agency is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        changes=_json_ready(changes or {}),
        comment=comment or "",
        request_id=origin.request_id,
        ip_address=origin.ip_address,
        prev_hash=head.last_hash or GENESIS_HASH,
    )
    seal(event)
    event.save(force_insert=True)
    head.length = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["length", "last_hash"])
    return event


def diff(before: dict, after: dict) -> dict:
    """Only the fields that changed, as {field: [before, after]}."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}
