"""Recomputing the chains: every event's link hash, its HMAC, its place in the chain, and the chains against the
latest signed checkpoint kept outside the database (audit/checkpoints.py).

The whole log is read once, in (case_key, seq) order, as plain rows streamed by chunks (libpq's chunked mode: the
database writes the next rows while this process checks the last ones), and each event is checked as it arrives.
With `workers` > 1 the chains are cut into ranges of case_key and each range is checked in its own process; the
parts are put back together in order, so the report is the one a single process would give."""

import gc
import hashlib
import itertools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from hmac import compare_digest
from itertools import islice

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from . import checkpoints, signing
from .chain import GENESIS_HASH, ROW_FIELDS, canonical_row
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


ID, CASE_KEY, SEQ, PREV_HASH, HASH, HMAC, HMAC_KEY_ID = (
    ROW_FIELDS.index(name) for name in ("id", "case_key", "seq", "prev_hash", "hash", "hmac", "hmac_key_id")
)
CHUNKED_LIBPQ = 170000  # libpq 17: rows by chunks of a result (cursor.stream(size=...))
# Ranges per worker: a range that happens to hold long chains then does not leave the other workers idle.
RANGES_PER_WORKER = 4


def _signature_problem(key_id, signature, message, hmac_functions):
    """The words of chain.signature_problem, with each key's HMAC prepared once (signing.hmac_functions)."""
    if not signature:
        return "no HMAC signature (written without the audit key)"
    hexdigest = hmac_functions.get(key_id)
    if hexdigest is None:
        return f"signed with an unknown key ({key_id})"
    # A signature that is not even ASCII cannot be a hex HMAC (and compare_digest refuses to compare it).
    if not (signature.isascii() and compare_digest(hexdigest(message), signature)):
        return "HMAC signature does not match (forged or altered without the audit key)"
    return None


def _link_problem(row, seq, prev_hash, hmac_functions):
    """Why `row` is not the chain's event #`seq` following `prev_hash` (None when it is)."""
    if row[SEQ] != seq:
        return f"missing event: expected #{seq}, found #{row[SEQ]}"
    if row[PREV_HASH] != prev_hash:
        return "previous hash does not match the previous event"
    # The canonical text once per event, for both its hash and its HMAC.
    message = (prev_hash + canonical_row(row)).encode("utf-8")
    if hashlib.sha256(message).hexdigest() != row[HASH]:
        return "content does not match its hash (altered)"
    return _signature_problem(row[HMAC_KEY_ID], row[HMAC], message, hmac_functions)


def _checkpoint_problem(case_key, count, at_mark, mark, checkpoint):
    """The chain must still hold the checkpoint's events unchanged: as long, and the same event at its length.
    `count`: the chain's events; `at_mark`: (seq, hash, id) of its event at the checkpoint's length."""
    length, head_hash = mark
    when = checkpoint.created_at.strftime("%d/%m/%Y %H:%M UTC")
    if count < length:
        return BrokenLink(
            case_key,
            count + 1,
            None,
            f"events missing from the end: the checkpoint of {when} has {length} events, the log {count}",
        )
    if at_mark is None or at_mark[0] != length or at_mark[1] != head_hash:
        return BrokenLink(case_key, length, at_mark and at_mark[2], f"chain rewritten since the checkpoint of {when}")
    return None


def _against_checkpoint(case_key, events, mark, checkpoint):
    """_checkpoint_problem for a chain's whole list of events (objects with seq, hash and id)."""
    at_mark = events[mark[0] - 1] if 0 < mark[0] <= len(events) else None
    return _checkpoint_problem(
        case_key, len(events), at_mark and (at_mark.seq, at_mark.hash, at_mark.id), mark, checkpoint
    )


@dataclass
class _Part:
    """What one pass over some chains found; `heads_left`: the chain heads of the pass that had no event."""

    report: VerificationReport
    heads_left: dict


def _walk(batches, heads, marks, checkpoint) -> _Part:
    """Check rows arriving in (case_key, seq) order, chain by chain (once a chain is broken, its later rows are
    neither checked nor counted; the event that breaks it counts as checked).

    This runs once per event, so it is one loop with what it uses in local names: the chain being walked is a few
    variables, and the link, the hash and the HMAC are compared inline; when one fails, _link_problem says which
    in words. The garbage collector is paused meanwhile (the rows make no cycles): its passes over the batch of rows
    held took 6–10 % of the check's time."""
    report, hmac_functions, sha256 = VerificationReport(), signing.hmac_functions(), hashlib.sha256
    none_yet = object()  # the chain before the first row (a key of None would be a chain, if a broken one)
    checked, key, length, last_hash, broken, mark, at_mark = 0, none_yet, 0, GENESIS_HASH, None, None, None
    mark_length = -1
    collecting = gc.isenabled()
    gc.disable()
    try:
        for rows in batches:
            for row in rows:
                if row[CASE_KEY] != key:
                    if key is not none_yet:
                        _close(report, key, length, last_hash, broken, mark, at_mark, heads, checkpoint)
                    key, length, last_hash, broken, at_mark = row[CASE_KEY], 0, GENESIS_HASH, None, None
                    mark = marks.get(key)
                    mark_length = -1 if mark is None else mark[0]
                elif broken is not None:
                    continue
                checked += 1
                seq = length + 1
                if row[SEQ] == seq and row[PREV_HASH] == last_hash:
                    # The canonical text once per event, for both its hash and its HMAC.
                    message = (last_hash + canonical_row(row)).encode("utf-8")
                    signature, hexdigest = row[HMAC], hmac_functions.get(row[HMAC_KEY_ID])
                    if (
                        sha256(message).hexdigest() == row[HASH]
                        and signature
                        and hexdigest is not None
                        # A signature that is not even ASCII cannot be a hex HMAC (and compare_digest refuses it).
                        and signature.isascii()
                        and compare_digest(hexdigest(message), signature)
                    ):
                        length, last_hash = seq, row[HASH]
                        if seq == mark_length:
                            at_mark = (seq, last_hash, row[ID])
                        continue
                reason = _link_problem(row, seq, last_hash, hmac_functions)
                broken = BrokenLink(key, seq, row[ID], reason)
    finally:
        if collecting:
            gc.enable()
    if key is not none_yet:
        _close(report, key, length, last_hash, broken, mark, at_mark, heads, checkpoint)
    report.events_checked = checked
    return _Part(report, heads)


def _close(report, key, length, last_hash, broken, mark, at_mark, heads, checkpoint):
    """A chain whose rows have all gone by: its first broken link, its head and the checkpoint included."""
    report.chains_checked += 1
    report.chain_keys.append(key)
    head = heads.pop(key, None)
    if broken is None and head is not None and (head[0] != length or head[1] != last_hash):
        broken = BrokenLink(key, length + 1, None, "events missing from the end of the chain")
    if broken is None and mark is not None:
        broken = _checkpoint_problem(key, length, at_mark, mark, checkpoint)
    if broken is not None:
        report.broken.append(broken)


def _rows(events, batch_size):
    """The rows of `events` (a values_list query of ROW_FIELDS), a list at a time, streamed from the database."""
    connection = connections[events.db]
    if connection.vendor != "postgresql":
        rows = events.iterator(chunk_size=batch_size)
        while batch := list(islice(rows, batch_size)):
            yield batch
        return
    from psycopg import pq
    from psycopg.types.datetime import TimestamptzLoader

    try:
        sql, params = events.query.sql_with_params()
    except EmptyResultSet:
        return  # a filter that matches nothing (a person granted no chain): Django would not even ask the database
    if pq.version() < CHUNKED_LIBPQ:
        yield from _fetched_rows(connection, events.db, sql, params, batch_size)
        return
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # psycopg's own timestamp loader (C) rather than Django's (Python, two fifths of the fetch): the session
        # runs in UTC (USE_TZ), and canonical() turns the time to UTC anyway.
        cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        # One statement whose rows arrive by chunks of `batch_size` while the database goes on writing the next
        # ones: unlike a server-side cursor's FETCH, the database and this process work at the same time (a third
        # less wall time in one process), and nothing is written out on the server first.
        rows = cursor.stream(sql, params, size=batch_size)
        try:
            while batch := list(islice(rows, batch_size)):
                yield batch
        finally:
            rows.close()  # a walk given up half way: the query is cancelled, the connection left usable


def _fetched_rows(connection, alias, sql, params, batch_size):
    """_rows from a server-side cursor, for a libpq older than chunked mode."""
    from psycopg.types.datetime import TimestamptzLoader

    # In a transaction the server-side cursor streams; in autocommit it would be WITH HOLD, the whole result
    # written out on the server before the first row.
    with transaction.atomic(using=alias), connection.chunked_cursor() as cursor:
        cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(batch_size):
            yield batch


def _event_rows(events):
    """`events` as rows of ROW_FIELDS, with `changes` as its JSON text (decoding is canonical_row's)."""
    fields = [Cast("changes", TextField()) if name == "changes" else name for name in ROW_FIELDS]
    return events.order_by("case_key", "seq").values_list(*fields)


def _verify_part(events, heads, marks, checkpoint, batch_size) -> _Part:
    heads_by_key = {
        key: (length, last_hash)
        for key, length, last_hash in heads.values_list("case_key", "length", "last_hash").iterator(
            chunk_size=batch_size
        )
    }
    return _walk(_rows(_event_rows(events), batch_size), heads_by_key, marks, checkpoint)


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


def verify(
    case_key: str | None = None, batch_size: int = 5000, checkpoint_dir=None, case_keys=None, workers: int = 1
) -> VerificationReport:
    """Walk every chain (or one, or those of `case_keys`: keys or a query of them) in order; report the first broken
    link of each chain. `workers` > 1: the whole log in that many processes (one process for fewer chains, inside
    a transaction, or off PostgreSQL)."""
    report = VerificationReport()
    checkpoint = _load_checkpoint(report, checkpoint_dir)
    marks = dict(checkpoint.chains) if checkpoint else {}
    events = Event.objects.all()
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
    ranges = None
    if workers > 1 and not case_key and case_keys is None and _can_fork(events.db):
        ranges = _key_ranges(workers * RANGES_PER_WORKER, events.db)
    if ranges and len(ranges) > 1:
        parts = _verify_in_processes(workers, ranges, events.db, marks, checkpoint, batch_size)
    else:
        parts = [_verify_part(events, heads, marks, checkpoint, batch_size)]
    _merge(report, parts, marks, checkpoint)
    return report


def _merge(report, parts, marks, checkpoint):
    """The parts' findings in order, then the chains that have a head or a checkpoint but no event left."""
    heads_left = {}
    for part in parts:
        report.chains_checked += part.report.chains_checked
        report.events_checked += part.report.events_checked
        report.broken.extend(part.report.broken)
        report.chain_keys.extend(part.report.chain_keys)
        heads_left.update(part.heads_left)
    seen = set(report.chain_keys)
    marks_left = {key: mark for key, mark in marks.items() if key not in seen}
    # A head or a checkpointed chain whose events have all vanished: a chain deleted (or the log emptied).
    for key in sorted(set(heads_left) | set(marks_left)):
        head, mark = heads_left.get(key), marks_left.get(key)
        if (head is None or not head[0]) and mark is None:
            continue
        report.chains_checked += 1
        report.chain_keys.append(key)
        reason = "all events of the chain are missing"
        if mark is not None:
            reason += f" (the checkpoint {checkpoint.name} has {mark[0]})"
        report.broken.append(BrokenLink(key, 1, None, reason))


def _can_fork(alias) -> bool:
    """Worker processes are forked: they inherit the settings (the test database's name included) and open
    their own connections. Rows not yet committed would be invisible to them, so not inside a transaction."""
    # Every connection is closed before forking, so none may be inside a transaction either.
    return (
        connections[alias].vendor == "postgresql"
        and "fork" in multiprocessing.get_all_start_methods()
        and not any(connection.in_atomic_block for connection in connections.all(initialized_only=True))
    )


def _key_ranges(parts, alias):
    """[lo, hi) bounds of case_key (None: open) cutting the chains into at most `parts` ranges of about as many
    events each, by the chain heads' lengths. A wrong head only makes the ranges uneven: together they cover
    every key, and the database orders and compares the keys (its collation), as it does in the serial pass."""
    heads = list(ChainHead.objects.using(alias).order_by("case_key").values_list("case_key", "length"))
    total = sum(length for _key, length in heads)
    bounds, running = [], 0
    for key, length in heads:
        if total and len(bounds) < parts - 1 and running >= total * (len(bounds) + 1) / parts:
            bounds.append(key)
        running += length
    edges = [None, *bounds, None]
    return list(itertools.pairwise(edges))


_job = None  # (alias, marks, checkpoint, batch_size) in a worker process, inherited from its parent


def _start_worker(job):
    global _job
    _job = job


def _verify_range(bounds) -> _Part:
    alias, marks, checkpoint, batch_size = _job
    lo, hi = bounds
    events, heads = Event.objects.using(alias), ChainHead.objects.using(alias)
    if lo is not None:
        events, heads = events.filter(case_key__gte=lo), heads.filter(case_key__gte=lo)
    if hi is not None:
        events, heads = events.filter(case_key__lt=hi), heads.filter(case_key__lt=hi)
    try:
        return _verify_part(events, heads, marks, checkpoint, batch_size)
    finally:
        connections.close_all()


def _verify_in_processes(workers, ranges, alias, marks, checkpoint, batch_size):
    # A forked child must not use its parent's connection (one socket, two users): it opens its own.
    connections.close_all()
    # With fork the job (the checkpoint's marks can be large) is inherited, not pickled. An executor rather than a
    # Pool: a worker killed (out of memory, say) fails the run instead of leaving it waiting for ever.
    executor = ProcessPoolExecutor(
        min(workers, len(ranges)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=((alias, marks, checkpoint, batch_size),),
    )
    try:
        return list(executor.map(_verify_range, ranges))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    return os.cpu_count() or 1


def run_and_store(case_key: str | None = None, started_by=None, checkpoint_dir=None, workers: int = 1):
    """Verify and keep the outcome as a VerificationRun (the command and the auditors' "verify now" button)."""
    from dataclasses import asdict

    from django.utils import timezone

    from .models import VerificationRun

    started_at = timezone.now()
    report = verify(case_key=case_key, checkpoint_dir=checkpoint_dir, workers=workers)
    return VerificationRun.objects.create(
        started_at=started_at,
        finished_at=timezone.now(),
        chains_checked=report.chains_checked,
        events_checked=report.events_checked,
        broken=[asdict(link) for link in report.broken],
        ok=report.ok,
        started_by=started_by,
        case_key=case_key or "",
        checkpoint=report.checkpoint.name if report.checkpoint else "",
    ), report
