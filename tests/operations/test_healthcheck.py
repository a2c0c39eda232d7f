"""`manage.py healthcheck` for monitoring: one line per check, exit status 1 when anything is wrong."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from audit.models import VerificationRun
from tests.factories import Province
from tests.tasks_registry.driver import Actors, drive

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _healthcheck():
    out = StringIO()
    try:
        call_command("healthcheck", stdout=out)
    except CommandError as error:
        return False, out.getvalue(), str(error)
    return True, out.getvalue(), ""


@pytest.fixture
def verified_and_checkpointed():
    province = Province()
    drive(Actors(province), province.result(), "accept")
    call_command("verify_audit", stdout=StringIO())
    call_command("audit_checkpoint", stdout=StringIO())


def test_a_healthy_site_passes_every_check(verified_and_checkpointed):
    ok, out, _ = _healthcheck()
    assert ok, out
    for line in (
        "OK   database: postgresql reachable",
        "OK   migrations: all applied",
        "OK   task worker: queue empty",
        "OK   last verification: intact",
        "OK   last checkpoint: checkpoint-",
        "OK   audit log protection: the application role may only INSERT and SELECT audit events",
    ):
        assert line in out
    assert out.rstrip().endswith("healthy")


def test_a_site_never_verified_and_never_checkpointed_is_unhealthy():
    ok, out, summary = _healthcheck()
    assert not ok
    assert "FAIL last verification: verify_audit has never run" in out
    assert "FAIL last checkpoint: no checkpoint in" in out
    assert summary == "unhealthy: last verification, last checkpoint"


def test_a_stale_or_failed_verification_is_unhealthy(verified_and_checkpointed):
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    VerificationRun.objects.create(started_at=two_days_ago, finished_at=two_days_ago, ok=True)
    VerificationRun.objects.update(started_at=two_days_ago, finished_at=two_days_ago)
    ok, out, _ = _healthcheck()
    assert not ok and "FAIL last verification: the last verification is 48 h old" in out
    now = timezone.now()
    VerificationRun.objects.create(started_at=now, finished_at=now, ok=False, broken=[{"case_key": "x"}])
    ok, out, _ = _healthcheck()
    assert not ok and "found 1 broken link(s)" in out


def test_a_delivery_waiting_longer_than_the_limit_means_the_worker_is_down(verified_and_checkpointed):
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="notifications.tasks.x",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=40))
    # A retry put off until later is not late: it only counts once it is due.
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="notifications.tasks.x",
        backend_name="default",
        run_after=timezone.now() + datetime.timedelta(hours=1),
    )
    ok, out, summary = _healthcheck()
    assert not ok
    assert "FAIL task worker: the oldest waiting task was queued" in out and "is the worker running?" in out
    assert summary == "unhealthy: task worker"
    DBTaskResult.objects.filter(pk=waiting.pk).delete()
    ok, out, _ = _healthcheck()
    assert ok and "OK   task worker: queue empty" in out


def test_an_unapplied_migration_is_unhealthy(verified_and_checkpointed):
    from django.db.migrations.loader import MigrationLoader

    # The newest audit migration (a leaf: forgetting an older one under an applied child is another error).
    [(_app, newest)] = MigrationLoader(connection).graph.leaf_nodes("audit")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'audit' AND name = %s", [newest])
    ok, out, _ = _healthcheck()
    assert not ok
    assert f"FAIL migrations: 1 migration(s) not applied: audit.{newest}" in out


def test_an_unreachable_database_exits_with_status_1_for_the_monitor(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/ketqua", "AUDIT_CHECKPOINT_DIR": str(tmp_path)}
    env.pop("MIGRATION_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "healthcheck"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "FAIL database: OperationalError" in done.stdout
    assert "FAIL migrations: skipped: the database is unreachable" in done.stdout
