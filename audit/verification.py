"""Recomputing the chains: every event's link hash, its HMAC, its place in the chain, and the chains against the
latest signed checkpoint kept outside the database (audit/checkpoints.py)."""

import hashlib
from dataclasses import dataclass, field

from . import checkpoints
from .chain import GENESIS_HASH, link_message, signature_problem
from .models import ChainHead, Event


@dataclass
class BrokenLink:
    case_key: str
    seq: int
    event_id: int | None
    reason: str


@dataclass
class VerificationReport:
    chains_checked: int = 0
    events_checked: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    checkpoint: checkpoints.Checkpoint | None = None
    chain_keys: list[str] = field(default_factory=list)  # every chain checked, in order

    @property
    def ok(self) -> bool:
        return not self.broken


# What the check reads of an event: plain rows, not model instances (a third of the time at a million events).
EVENT_FIELDS = (
    "id", "case_key", "seq", "occurred_at", "actor_id", "actor_name", "agency_id", "agency_name", "action",
    "object_type", "object_id", "changes", "comment", "request_id", "ip_address", "prev_hash", "hash", "hmac",
    "hmac_key_id",
)


class _EventRow:
    __slots__ = EVENT_FIELDS

    def __init__(self, values):
        for name, value in zip(EVENT_FIELDS, values):
            setattr(self, name, value)


def _verify_chain(case_key, events, head, report):
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for event in events:
        report.events_checked += 1
        if event.seq != expected_seq:
            return BrokenLink(case_key, expected_seq, event.id, f"missing event: expected #{expected_seq}, found #{event.seq}")
        if event.prev_hash != prev_hash:
            return BrokenLink(case_key, event.seq, event.id, "previous hash does not match the previous event")
        # The canonical text once per event, for both its hash and its HMAC.
        message = link_message(prev_hash, event)
        if hashlib.sha256(message.encode("utf-8")).hexdigest() != event.hash:
            return BrokenLink(case_key, event.seq, event.id, "content does not match its hash (altered)")
        problem = signature_problem(event, message)
        if problem:
            return BrokenLink(case_key, event.seq, event.id, problem)
        prev_hash = event.hash
        expected_seq += 1
    if head is not None and (head.length != expected_seq - 1 or head.last_hash != prev_hash):
        return BrokenLink(case_key, expected_seq, None, "events missing from the end of the chain")
    return None


def _against_checkpoint(case_key, events, mark, checkpoint):
    """The chain must still hold the checkpoint's events unchanged: as long, and the same event at its length."""
    length, head_hash = mark
    when = checkpoint.created_at.strftime("%d/%m/%Y %H:%M UTC")
    if len(events) < length:
        return BrokenLink(case_key, len(events) + 1, None,
                          f"events missing from the end: the checkpoint of {when} has {length} events, the log {len(events)}")
    at_mark = events[length - 1]
    if at_mark.seq != length or at_mark.hash != head_hash:
        return BrokenLink(case_key, length, at_mark.id, f"chain rewritten since the checkpoint of {when}")
    return None


def _load_checkpoint(report, checkpoint_dir):
    try:
        checkpoint = checkpoints.latest(checkpoint_dir)
    except checkpoints.CheckpointError as error:
        report.broken.append(BrokenLink("checkpoint", 0, None, str(error)))
        return None
    if checkpoint is not None and not checkpoint.signature_ok:
        report.broken.append(BrokenLink("checkpoint", 0, None, f"{checkpoint.name}: {checkpoint.problem}"))
        return None
    report.checkpoint = checkpoint
    return checkpoint


def verify(case_key: str | None = None, batch_size: int = 5000, checkpoint_dir=None, case_keys=None) -> VerificationReport:
    """Walk every chain (or one, or those of `case_keys`: keys or a query of them) in order; report the first broken
    link of each chain."""
    report = VerificationReport()
    checkpoint = _load_checkpoint(report, checkpoint_dir)
    marks = dict(checkpoint.chains) if checkpoint else {}
    events = Event.objects.order_by("case_key", "seq")
    heads = ChainHead.objects.all()
    if case_key:
        events = events.filter(case_key=case_key)
        heads = heads.filter(case_key=case_key)
        marks = {case_key: marks[case_key]} if case_key in marks else {}
    if case_keys is not None:
        events = events.filter(case_key__in=case_keys)
        heads = heads.filter(case_key__in=case_keys)
        if marks:
            granted = set(case_keys)
            marks = {key: mark for key, mark in marks.items() if key in granted}
    heads_by_key = {h.case_key: h for h in heads}

    def close(key, chain):
        report.chains_checked += 1
        report.chain_keys.append(key)
        broken = _verify_chain(key, chain, heads_by_key.pop(key, None), report)
        mark = marks.pop(key, None)
        if broken is None and mark is not None:
            broken = _against_checkpoint(key, chain, mark, checkpoint)
        if broken:
            report.broken.append(broken)

    current_key, chain = None, []
    for values in events.values_list(*EVENT_FIELDS).iterator(chunk_size=batch_size):
        event = _EventRow(values)
        if event.case_key != current_key:
            if current_key is not None:
                close(current_key, chain)
            current_key, chain = event.case_key, []
        chain.append(event)
    if current_key is not None:
        close(current_key, chain)
    # A head or a checkpointed chain whose events have all vanished: a chain deleted (or the log emptied).
    for key in sorted(set(heads_by_key) | set(marks)):
        head, mark = heads_by_key.get(key), marks.get(key)
        if (head is None or not head.length) and mark is None:
            continue
        report.chains_checked += 1
        report.chain_keys.append(key)
        reason = "all events of the chain are missing"
        if mark is not None:
            reason += f" (the checkpoint {checkpoint.name} has {mark[0]})"
        report.broken.append(BrokenLink(key, 1, None, reason))
    return report


def run_and_store(case_key: str | None = None, started_by=None, checkpoint_dir=None):
    """Verify and keep the outcome as a VerificationRun (the command and the auditors' "verify now" button)."""
    from dataclasses import asdict

    from django.utils import timezone

    from .models import VerificationRun

    started_at = timezone.now()
    report = verify(case_key=case_key, checkpoint_dir=checkpoint_dir)
    return VerificationRun.objects.create(
        started_at=started_at, finished_at=timezone.now(), chains_checked=report.chains_checked,
        events_checked=report.events_checked, broken=[asdict(link) for link in report.broken], ok=report.ok,
        started_by=started_by, case_key=case_key or "",
        checkpoint=report.checkpoint.name if report.checkpoint else "",
    ), report
