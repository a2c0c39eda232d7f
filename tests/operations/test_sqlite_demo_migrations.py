"""`make run` builds its demo on SQLite: every migration must apply there too, the PostgreSQL-only ones included
(the queue's triggers have a SQLite form), or the demo does not start."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_migration_applies_on_the_sqlite_demo_database_with_the_queue_triggers(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_ENV": "development"}
    env.pop("MIGRATION_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # A small demo, as `make demo` seeds it: results with open work, some of it claimed.
    for command in (["seed_demo", "--results", "12"], ["sync_workflows", "--demo-claims"]):
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command, "-v0"],
            cwd=ROOT,
            env={**env, "NOTIFICATIONS_ENABLED": "false"},
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(database) as connection:
        triggers = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        # The queue page reads workitem.waiting_in, which only these triggers keep: unclaimed work is in a queue,
        # claimed work is not.
        waiting = connection.execute(
            "SELECT count(*) FROM workflows_workitem w JOIN viewflow_task t ON t.id = w.task_id "
            "WHERE t.status = 'NEW' AND w.waiting_in_id = w.agency_id"
        ).fetchone()[0]
        misplaced = connection.execute(
            "SELECT count(*) FROM workflows_workitem w JOIN viewflow_task t ON t.id = w.task_id "
            "WHERE (t.status = 'NEW') != (w.waiting_in_id IS NOT NULL)"
        ).fetchone()[0]
    assert {
        "workflows_task_waiting_in",
        "workflows_workitem_waiting_in_insert",
        "workflows_workitem_waiting_in_update",
    } <= triggers
    assert waiting > 0 and misplaced == 0
