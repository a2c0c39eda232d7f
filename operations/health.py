"""The health checks behind `manage.py healthcheck`: each returns (ok, detail) and never raises.

How each is judged:
- database: a connection opens and answers `SELECT 1`.
- migrations: the migration plan to the latest migrations is empty.
- task worker: with django-tasks' in-process backends (immediate, dummy) there is no worker to watch; with a
  backend that keeps a queue in the database (a model with `status` and `enqueued_at`), the worker is alive when the
  oldest task still waiting is younger than HEALTHCHECK_MAX_QUEUE_LAG_MINUTES (a stalled worker lets it age).
- last verification: the newest whole-log `verify_audit` run found the log intact and is younger than
  HEALTHCHECK_MAX_VERIFICATION_AGE_HOURS.
- last checkpoint: the newest signed checkpoint has a valid signature and is younger than
  HEALTHCHECK_MAX_CHECKPOINT_AGE_HOURS.
- audit log protection (PostgreSQL with an owner role configured): the connected role neither owns the events nor
  may UPDATE, DELETE or TRUNCATE them, and both triggers are enabled.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str


def database(alias=DEFAULT_DB_ALIAS):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, f"{connections[alias].vendor} reachable"


def migrations(alias=DEFAULT_DB_ALIAS):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        return False, f"{len(plan)} migration(s) not applied: {names}"
    return True, "all applied"


def task_worker():
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS])
    if backend.__name__ in {"ImmediateBackend", "DummyBackend"}:
        return True, f"{backend.__name__}: tasks run in the request, no worker to watch"
    queue = _queue_model(backend)
    if queue is None:
        return True, f"{backend.__module__}.{backend.__name__}: no database queue to judge a worker by"
    oldest = _oldest_due(queue)
    limit = timedelta(minutes=getattr(settings, "HEALTHCHECK_MAX_QUEUE_LAG_MINUTES", 15))
    if oldest is not None and timezone.now() - oldest > limit:
        return False, f"the oldest waiting task was queued {_age(oldest)} ago: is the worker running?"
    return True, "queue moving" if oldest else "queue empty"


def _oldest_due(queue):
    """Since when the longest-waiting task has been due: a retry put off until later (run_after) is not late yet."""
    waiting = queue.objects.filter(status="READY")
    if not any(f.name == "run_after" for f in queue._meta.get_fields()):
        return waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    from django_tasks_db.models import get_date_max

    unscheduled = waiting.filter(run_after=get_date_max()).order_by("enqueued_at")
    scheduled = waiting.filter(run_after__lte=timezone.now()).order_by("run_after")
    since = [
        unscheduled.values_list("enqueued_at", flat=True).first(),
        scheduled.values_list("run_after", flat=True).first(),
    ]
    return min((moment for moment in since if moment is not None), default=None)


def _queue_model(backend):
    from django.apps import apps

    for model in apps.get_models():
        fields = {f.name for f in model._meta.get_fields()}
        # The app's module, not its label: django-tasks-db's label ("django_tasks_database") is not its package name.
        if model._meta.app_config.name in backend.__module__ and {"status", "enqueued_at"} <= fields:
            return model
    return None


def last_verification():
    from audit.models import VerificationRun

    run = VerificationRun.objects.filter(case_key="").order_by("-started_at").first()
    if run is None:
        return False, "verify_audit has never run"
    if not run.ok:
        return False, f"the last verification ({_age(run.finished_at)} ago) found {len(run.broken)} broken link(s)"
    if timezone.now() - run.finished_at > timedelta(hours=settings.HEALTHCHECK_MAX_VERIFICATION_AGE_HOURS):
        return False, f"the last verification is {_age(run.finished_at)} old"
    return True, f"intact {_age(run.finished_at)} ago ({run.chains_checked} chains, {run.events_checked} events)"


def last_checkpoint():
    from audit import checkpoints

    try:
        checkpoint = checkpoints.latest()
    except checkpoints.CheckpointError as error:
        return False, str(error)
    if checkpoint is None:
        return False, f"no checkpoint in {checkpoints.directory()}"
    if not checkpoint.signature_ok:
        return False, f"{checkpoint.name}: {checkpoint.problem}"
    if timezone.now() - checkpoint.created_at > timedelta(hours=settings.HEALTHCHECK_MAX_CHECKPOINT_AGE_HOURS):
        return False, f"the last checkpoint is {_age(checkpoint.created_at)} old"
    return True, f"{checkpoint.name}, {_age(checkpoint.created_at)} ago"


def audit_protection(alias=DEFAULT_DB_ALIAS):
    from .roles import audit_log_exposure, owner_configured

    if connections[alias].vendor != "postgresql":
        return True, "SQLite (demonstration): no database roles"
    exposure = audit_log_exposure(alias)
    if not exposure:
        return True, "the application role may only INSERT and SELECT audit events"
    detail = "the application role " + ", ".join(exposure)
    if not owner_configured(alias) and not settings.PRODUCTION:
        return True, f"development with one role ({detail})"
    return False, detail


def _age(moment):
    seconds = int((timezone.now() - moment).total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


CHECKS = {
    "database": database,
    "migrations": migrations,
    "task worker": task_worker,
    "last verification": last_verification,
    "last checkpoint": last_checkpoint,
    "audit log protection": audit_protection,
}


def run_all() -> list[Outcome]:
    outcomes = []
    for name, check in CHECKS.items():
        if outcomes and not outcomes[0].ok:
            outcomes.append(Outcome(name, False, "skipped: the database is unreachable"))
            continue
        try:
            ok, detail = check()
        except Exception as error:  # noqa: BLE001 — a health check reports every failure, whatever it is
            ok, detail = False, f"{type(error).__name__}: {error}".strip()
        outcomes.append(Outcome(name, ok, detail))
    return outcomes
