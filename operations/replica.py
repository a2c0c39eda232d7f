"""Reads that may be served by a PostgreSQL hot standby: the annual reports' consolidation, KPIs and drill-downs,
and the auditor's search and timelines. Everything else, and every write, goes to the primary.

A standby is set with REPLICA_DATABASE_URL (the same application role, on the standby). A page opts in with
`ReplicaReadsMixin` or `@reads_from_replica`; while it renders, `ReplicaRouter` sends its reads to the standby when
the standby answers and has replayed the primary's WAL up to at most REPLICA_MAX_LAG_SECONDS ago. The check is kept
for REPLICA_CHECK_SECONDS per process, so a page costs no extra round trip in the common case. A standby that is
down, lagging or fails while a page is served sends the page to the primary: the page is rendered again there,
which is safe because only GET and HEAD pages opt in.

Reads inside a transaction on the primary stay on the primary (a service that reads then writes needs its own
snapshot), and so do reads of a page that runs on behalf of a write.
"""

import functools
import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.template.response import SimpleTemplateResponse

REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD")
logger = logging.getLogger(__name__)
# A standby that has not replayed the primary's newest WAL is given this long to do so before its lag is estimated
# from its last replayed commit: right after an idle spell that commit is old although the standby is current
# within milliseconds (the check runs once per REPLICA_CHECK_SECONDS per process, so the wait is rare).
CATCH_UP_WAIT_SECONDS = 0.25
CATCH_UP_POLL_SECONDS = 0.02

# While a page that opted in is served: a dict that says whether the standby has been read for it.
_serving_reads = ContextVar("serving_reads_from_replica", default=None)


class _Health:
    """The last verdict on the standby, shared by the threads of one process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.usable = False
        self.checked_at = None
        self.reason = ""

    def forget(self):
        with self.lock:
            self.checked_at = None

    def mark_down(self, reason):
        with self.lock:
            self.usable, self.checked_at, self.reason = False, time.monotonic(), reason
        logger.warning("The standby is not used: %s", reason)


health = _Health()


def configured() -> bool:
    return REPLICA in settings.DATABASES  # the same dict as connections.settings


def replication_lag(replica_alias=REPLICA):
    """Seconds behind the primary: 0 when the standby has replayed everything the primary had written when asked,
    the time it took when it does so within CATCH_UP_WAIT_SECONDS, and otherwise the age of its last replayed
    commit. Raises DatabaseError when either server does not answer."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # Read on the primary first: whatever the standby has replayed by the time it answers is compared with it.
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        written = cursor.fetchone()[0]
    asked_at = time.monotonic()
    with connections[replica_alias].cursor() as cursor:
        while True:
            cursor.execute(
                """SELECT pg_is_in_recovery(),
                          pg_last_wal_replay_lsn() >= %s::pg_lsn,
                          EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())""",
                [written],
            )
            in_recovery, caught_up, since_last_replay = cursor.fetchone()
            if not in_recovery:
                raise DatabaseError("the replica database is not a standby (it is not in recovery)")
            waited = time.monotonic() - asked_at
            if caught_up:
                return 0.0 if waited < CATCH_UP_POLL_SECONDS else waited
            if waited >= CATCH_UP_WAIT_SECONDS:
                # An overestimate after the primary was idle (the last replayed commit is old although only the
                # newest WAL is missing): the page then reads the primary, which is always safe.
                return float(since_last_replay or 0)
            time.sleep(CATCH_UP_POLL_SECONDS)


def replica_usable() -> bool:
    if not configured():
        return False
    now = time.monotonic()
    with health.lock:
        fresh = health.checked_at is not None and now - health.checked_at < settings.REPLICA_CHECK_SECONDS
        if fresh:
            return health.usable
    try:
        lag = replication_lag()
    except DatabaseError as error:
        connections[REPLICA].close()
        health.mark_down(f"it does not answer ({error})")
        return False
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        health.mark_down(f"it is {lag:.1f} s behind the primary")
        return False
    with health.lock:
        health.usable, health.checked_at, health.reason = True, time.monotonic(), ""
    return True


class ReplicaRouter:
    """Sends a page's reads to the standby while the page has opted in and the standby is usable."""

    def db_for_read(self, model, **hints):
        page = _serving_reads.get()
        if page is None or connections[DEFAULT_DB_ALIAS].in_atomic_block or not replica_usable():
            return None
        page["read_standby"] = True
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The standby holds the primary's rows: an object read there may be related to one read on the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


@contextmanager
def serving_reads_from_replica():
    page = {"read_standby": False}
    token = _serving_reads.set(page)
    try:
        yield page
    finally:
        _serving_reads.reset(token)


def _render(response):
    # A template response renders after the view returns: render it while the page's reads still go to the standby.
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    return response


def _served(view, request, *args, **kwargs):
    if request.method not in SAFE_METHODS or not configured():
        return view(request, *args, **kwargs)
    with serving_reads_from_replica() as page:
        try:
            return _render(view(request, *args, **kwargs))
        except DatabaseError as error:
            if not page["read_standby"]:
                raise  # the primary failed: nothing to fall back to
            # The standby went away between its check and the page's queries: the page is read again on the
            # primary (the verdict sends every read there until the next check).
            connections[REPLICA].close()
            health.mark_down(f"it failed while a page was served ({error})")
    return _render(view(request, *args, **kwargs))


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return _served(view, request, *args, **kwargs)

    return wrapped


class ReplicaReadsMixin:
    def dispatch(self, request, *args, **kwargs):
        return _served(super().dispatch, request, *args, **kwargs)
