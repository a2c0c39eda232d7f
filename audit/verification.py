"""Recomputing the chains: every event's link hash and its place in the chain."""

from dataclasses import dataclass, field

from .chain import GENESIS_HASH, link_hash
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

    @property
    def ok(self) -> bool:
        return not self.broken


def _verify_chain(case_key, events, head, report):
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for event in events:
        report.events_checked += 1
        if event.seq != expected_seq:
            return BrokenLink(case_key, expected_seq, event.id, f"missing event: expected #{expected_seq}, found #{event.seq}")
        if event.prev_hash != prev_hash:
            return BrokenLink(case_key, event.seq, event.id, "previous hash does not match the previous event")
        if link_hash(prev_hash, event) != event.hash:
            return BrokenLink(case_key, event.seq, event.id, "content does not match its hash (altered)")
        prev_hash = event.hash
        expected_seq += 1
    if head is not None and (head.length != expected_seq - 1 or head.last_hash != prev_hash):
        return BrokenLink(case_key, expected_seq, None, "events missing from the end of the chain")
    return None


def verify(case_key: str | None = None, batch_size: int = 5000) -> VerificationReport:
    """Walk every chain (or one) in order; report the first broken link of each chain."""
    report = VerificationReport()
    events = Event.objects.order_by("case_key", "seq")
    heads = ChainHead.objects.all()
    if case_key:
        events = events.filter(case_key=case_key)
        heads = heads.filter(case_key=case_key)
    heads_by_key = {h.case_key: h for h in heads}

    def close(key, chain):
        report.chains_checked += 1
        broken = _verify_chain(key, chain, heads_by_key.pop(key, None), report)
        if broken:
            report.broken.append(broken)

    current_key, chain = None, []
    for event in events.iterator(chunk_size=batch_size):
        if event.case_key != current_key:
            if current_key is not None:
                close(current_key, chain)
            current_key, chain = event.case_key, []
        chain.append(event)
    if current_key is not None:
        close(current_key, chain)
    # A head whose events have all vanished is a chain deleted behind the log's back.
    for key, head in heads_by_key.items():
        if head.length:
            report.chains_checked += 1
            report.broken.append(BrokenLink(key, 1, None, "all events of the chain are missing"))
    return report


def run_and_store(case_key: str | None = None, started_by=None):
    """Verify and keep the outcome as a VerificationRun (the command and the auditors' "verify now" button)."""
    from dataclasses import asdict

    from django.utils import timezone

    from .models import VerificationRun

    started_at = timezone.now()
    report = verify(case_key=case_key)
    return VerificationRun.objects.create(
        started_at=started_at, finished_at=timezone.now(), chains_checked=report.chains_checked,
        events_checked=report.events_checked, broken=[asdict(link) for link in report.broken], ok=report.ok,
        started_by=started_by, case_key=case_key or "",
    ), report
