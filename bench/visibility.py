#!/usr/bin/env python
"""What a person may open, at national scale: `visible_results` against the OR of the same rules, same data, same run.

    .venv/bin/python bench/visibility.py                  # 5.000 demo results, copied into 39 more sets: 200.000
    .venv/bin/python bench/visibility.py --results 2000 --copies 9

Builds a throwaway PostgreSQL cluster (random_page_cost 1.1, as docs/operations.md says for SSD storage), seeds the
demo (`seed_demo --results`), then copies its agencies (those of a province), their tasks and their results
`--copies` times in SQL, each copy's agencies placed in one of the seeded provinces: the demo's people see their own
few thousand among all the others, as in a national installation. No processes are opened; only the registry's
tables are measured. For each demo login: the count the home page shows and the first page in `/results/`'s order,
median of 15 in-process runs, through `tasks_registry.selectors.visible_results` and through the baseline, the same
rules as one OR (`party_results_q | audited_results_q`, what `visible_results` was before). Writes the
`visibility` block of bench/RESULTS.md.
"""

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import write_block  # noqa: E402 (bench/, beside this script)

from tests.postgres_cluster import start_cluster, stop_cluster  # noqa: E402

LOGINS = ["skhcn.chuyenvien1", "skhcn.lanhdao", "ubnd.lanhdao", "vlua.chuyenvien", "htxtm.chuyenvien", "thanhtra"]

MEASURE = """
import statistics, time
from django.contrib.auth import get_user_model
from tasks_registry.memo import _memo
from tasks_registry.models import Result
from tasks_registry.selectors import (agency_ids_of, audited_results_q, party_results_q, reach_of, visible_results,
                                      with_predecessors)

def baseline(user):
    agencies = with_predecessors(agency_ids_of(user))
    return Result.objects.filter(party_results_q(agencies, reach_of(user, agencies)) | audited_results_q(user))

def median_ms(read):
    runs = []
    for _ in range(15):
        token = _memo.set({{}})  # as in a request: memberships read once per run
        started = time.perf_counter(); read(); runs.append(time.perf_counter() - started)
        _memo.reset(token)
    return statistics.median(runs) * 1000

for username in {logins!r}:
    user = get_user_model().objects.get(username=username)
    ours, theirs = set(visible_results(user).values_list("pk", flat=True)), set(baseline(user).values_list("pk", flat=True))
    assert ours == theirs, (username, len(ours), len(theirs))
    figures = [len(ours)]
    for select in (visible_results, baseline):
        figures.append(median_ms(lambda: select(user).count()))
        figures.append(median_ms(lambda: list(select(user).order_by("-status_changed_at", "-id")[:50])))
    print(username, *figures)
"""


def copy_sql(cursor, copies):
    """Copy every agency that has a province, their tasks and their results, `copies` times, into the provinces."""

    def columns(table):
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'"
            " ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]

    agency, task, result = (columns(f"tasks_registry_{name}") for name in ("agency", "sttask", "result"))
    cursor.execute("SELECT id FROM tasks_registry_province ORDER BY id")
    provinces = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT max(id) FROM tasks_registry_result")
    (last_result,) = cursor.fetchone()
    for copy in range(1, copies + 1):
        tag = f"-x{copy}"
        changed = {
            "code": f"code || '{tag}'",
            "name": f"name || ' ({tag})'",
            "province_id": str(provinces[copy % len(provinces)]),
            "parent_id": "NULL::bigint",
            "successor_id": "NULL::bigint",
            "registers_central_results": "false",
        }
        cursor.execute("CREATE TEMP TABLE agency_map (old bigint, new bigint) ON COMMIT DROP")
        cursor.execute(
            f"""WITH copied AS (INSERT INTO tasks_registry_agency ({", ".join(agency)})
                    SELECT {", ".join(changed.get(c, c) for c in agency)} FROM tasks_registry_agency
                    WHERE province_id IS NOT NULL AND code NOT LIKE '%%-x%%' RETURNING id, code)
                INSERT INTO agency_map SELECT a.id, copied.id FROM copied
                JOIN tasks_registry_agency a ON copied.code = a.code || '{tag}'"""
        )
        cursor.execute("CREATE TEMP TABLE task_map (old bigint, new bigint) ON COMMIT DROP")
        changed = {
            "code": f"t.code || '{tag}'",
            "host_id": "coalesce(h.new, t.host_id)",
            "managing_agency_id": "coalesce(m.new, t.managing_agency_id)",
        }
        cursor.execute(
            f"""WITH copied AS (INSERT INTO tasks_registry_sttask ({", ".join(task)})
                    SELECT {", ".join(changed.get(c, "t." + c) for c in task)} FROM tasks_registry_sttask t
                    LEFT JOIN agency_map h ON h.old = t.host_id LEFT JOIN agency_map m ON m.old = t.managing_agency_id
                    WHERE t.code NOT LIKE '%%-x%%' RETURNING id, code)
                INSERT INTO task_map SELECT t.id, copied.id FROM copied
                JOIN tasks_registry_sttask t ON copied.code = t.code || '{tag}'"""
        )
        changed = {
            "task_id": "tm.new",
            "ownership_holder_id": "coalesce(o.new, r.ownership_holder_id)",
            "registration_no": f"r.registration_no || '{tag}'",
            "archive_no": f"CASE WHEN coalesce(r.archive_no, '') = '' THEN r.archive_no ELSE r.archive_no || '{tag}' END",
        }
        cursor.execute(
            f"""INSERT INTO tasks_registry_result ({", ".join(result)})
                SELECT {", ".join(changed.get(c, "r." + c) for c in result)} FROM tasks_registry_result r
                JOIN task_map tm ON tm.old = r.task_id LEFT JOIN agency_map o ON o.old = r.ownership_holder_id
                WHERE r.id <= %s""",
            [last_result],
        )
        cursor.connection.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=5000, help="demo results seeded (default 5000)")
    parser.add_argument("--copies", type=int, default=39, help="copies of the demo's provinces (default 39)")
    options = parser.parse_args()

    cluster = start_cluster(autovacuum=True)
    try:
        admin = dict(host="127.0.0.1", port=cluster.port, user="postgres")
        with psycopg.connect(**admin, dbname="postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE visibility")
            connection.execute("ALTER SYSTEM SET random_page_cost = 1.1")
            connection.execute("SELECT pg_reload_conf()")
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/visibility",
            "DEBUG": "false",
            "NOTIFICATIONS_ENABLED": "false",
            "SECRET_KEY": "bench-visibility-not-a-secret-" * 2,
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        started = time.monotonic()
        subprocess.run(
            [*manage, "seed_demo", "--results", str(options.results)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seeded = time.monotonic() - started
        started = time.monotonic()
        with psycopg.connect(**admin, dbname="visibility") as connection:
            copy_sql(connection.cursor(), options.copies)
        copied = time.monotonic() - started
        with psycopg.connect(**admin, dbname="visibility", autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
            (results,) = connection.execute("SELECT count(*) FROM tasks_registry_result").fetchone()
            (version,) = connection.execute("SHOW server_version").fetchone()
        done = subprocess.run(
            [*manage, "shell", "-v", "0", "-c", MEASURE.format(logins=LOGINS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        rows = [line.split() for line in done.stdout.strip().splitlines()]
    finally:
        stop_cluster(cluster)
    write_block("visibility", _report(rows, results, options, seeded, copied, version))
    print(_report(rows, results, options, seeded, copied, version))


def _n(number):
    return f"{number:,}".replace(",", ".")


def _ms(value):
    return f"{float(value):.1f}".replace(".", ",")


def _report(rows, results, options, seeded, copied, version):
    stamp = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M +07")
    lines = [
        "## What a person may open, at national scale (`bench/visibility.py`)",
        "",
        f"Measured {stamp} on {os.cpu_count()} CPU cores, Python {platform.python_version()}, PostgreSQL {version} "
        f"(throwaway cluster, fsync=off, random_page_cost 1.1). Scale: {_n(results)} results: the demo's "
        f"{_n(options.results)} (seeded in {seeded:.0f} s) and {options.copies} copies of its provinces' agencies, "
        f"tasks and results made in SQL ({copied:.0f} s). In-process, median of 15; each login's two answers hold the "
        "same results (checked). Baseline: the same rules as one OR, as `visible_results` read them before.",
        "",
        "| login | results it may open | count, ms | baseline count, ms | first 50, ms | baseline first 50, ms |",
        "|---|---|---|---|---|---|",
    ]
    for username, visible, count, first, base_count, base_first in rows:
        lines.append(
            f"| {username} | {_n(int(visible))} | **{_ms(count)}** | {_ms(base_count)} | **{_ms(first)}** "
            f"| {_ms(base_first)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
