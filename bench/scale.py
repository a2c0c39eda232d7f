"""The system at national scale, over real HTTP: one command builds a PostgreSQL database of N results, opens their
processes, verifies the audit log, serves it with gunicorn and measures every list people open, beside baselines
measured in the same run (viewflow's stock queue query on the same data, pgbench TPC-B at the same client counts).

    .venv/bin/python bench/scale.py --results 200000            # a throwaway cluster, ~15 min on 2 cores
    .venv/bin/python bench/scale.py --results 5000 --seconds 5 --no-write   # a quick look, RESULTS.md untouched

Writes its table between the `scale` markers of bench/RESULTS.md. See bench/README.md for what each figure means.
"""

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copies import copy_provinces  # noqa: E402 (bench/, beside this script)
from results_file import write_block  # noqa: E402 (bench/, beside this script)

from demo import DEMO_PASSWORD  # noqa: E402 (after the sys.path line above)
from tests.postgres_cluster import _free_port, find_pg_ctl, start_cluster, stop_cluster  # noqa: E402

PEOPLE = {"officer": "skhcn.chuyenvien1", "head": "skhcn.lanhdao"}
# (who, page, what it is): every list of issue 13's table.
PAGES = [
    ("officer", "/workflow/result/queue/", "officer's queue"),
    ("officer", "/workflow/result/inbox/", "officer's inbox"),
    ("head", "/workflow/result/queue/", "head's queue"),
    ("head", "/workflow/result/inbox/", "head's inbox"),
    ("officer", "/", "officer's home"),
    ("head", "/", "head's home"),
    ("head", "/results/", "/results/"),
    ("head", "/workflow/result/", "workflow dashboard"),
    ("head", "/reports/kpi/", "KPI page"),
]
TARGETS_MS = {
    "officer's queue": 50,
    "officer's inbox": 50,
    "head's queue": 50,
    "head's inbox": 50,
    "officer's home": 100,
    "head's home": 100,
    "/results/": 100,
    "KPI page": 300,
}


def _manage(env, *args, timeout=7200):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started, done.stdout


def _sql(env, query):
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", query],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode:
        sys.exit(f"measuring failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def _log_in(base, username):
    browser = requests.Session()
    browser.get(f"{base}/accounts/login/")
    answer = browser.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
    )
    if answer.url != f"{base}/":
        sys.exit(f"{username} could not sign in")
    return browser


def _load(base, username, path, clients, seconds):
    """`clients` signed-in browsers asking for the page back to back for `seconds`: latencies (s) and sizes."""
    browsers = [_log_in(base, username) for _ in range(clients)]
    for browser in browsers:  # warm: each worker has imported and connected
        browser.get(base + path)
    times, sizes, errors = [], [], []
    deadline = time.monotonic() + seconds

    def run(browser):
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = browser.get(base + path)
            times.append(time.perf_counter() - started)
            sizes.append(len(response.content))
            if response.status_code != 200:
                errors.append(response.status_code)

    threads = [threading.Thread(target=run, args=(b,)) for b in browsers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors:
        sys.exit(f"{path} as {username} answered {sorted(set(errors))}")
    return times, sizes, len(times) / elapsed


# The head's acceptance tasks waiting in the Sở's queue, as the task page addresses them.
ACCEPTANCES = """
from django.contrib.auth import get_user_model
from workflows.flows import ResultFlow
from workflows.lists import queue_of
user = get_user_model().objects.get(username="{username}")
for task in queue_of(user, ResultFlow).filter(flow_task=ResultFlow.review_acceptance):
    print(f"/workflow/result/{{task.process_id}}/{{task.flow_task.name}}/{{task.pk}}/")
"""


def _claim_and_complete(base, username, tasks, clients, seconds):
    """`clients` signed-in heads each taking the next acceptance task of the queue, claiming it and accepting the
    result on its page (two POSTs, as the task page does), until the tasks or `seconds` run out: the time of each
    claim + completion (s) and completions per second."""
    browsers = [_log_in(base, username) for _ in range(clients)]
    today = datetime.date.today().strftime("%d/%m/%Y")
    times, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def run(browser):
        token = browser.cookies["csrftoken"]
        while time.monotonic() < deadline:
            with lock:
                if not tasks:
                    return
                task = tasks.pop()
            started = time.perf_counter()
            claimed = browser.post(f"{base}{task}assign/", data={"csrfmiddlewaretoken": token}, allow_redirects=False)
            done = browser.post(
                f"{base}{task}execute/",
                data={
                    "csrfmiddlewaretoken": token,
                    "step": "accept",
                    "acceptance_date": today,
                    "grade": "passed",
                    "decision_no": "12/QĐ-SKHCN",
                    "decision_date": today,
                },
                allow_redirects=False,
            )
            times.append(time.perf_counter() - started)
            if (claimed.status_code, done.status_code) != (302, 302):
                errors.append((task, claimed.status_code, done.status_code))

    threads = [threading.Thread(target=run, args=(b,)) for b in browsers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors:
        sys.exit(f"claiming and completing failed: {errors[:5]}")
    return times, len(times) / elapsed


def _p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


QUEUE_BASELINE = """
import time, statistics
from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task
from workflows.flows import ResultFlow
from workflows.lists import queue_of
user = get_user_model().objects.get(username="{username}")
def timed(make):
    runs = []
    for _ in range(30):
        started = time.perf_counter(); rows = list(make()[:25]); runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000, len(rows)
stock = timed(lambda: Task.objects.user_queue(user, flow_class=ResultFlow).order_by("-created"))
ours = timed(lambda: queue_of(user, ResultFlow))
print(f"{{stock[0]:.2f}} {{ours[0]:.2f}} {{stock[1]}} {{ours[1]}}")
"""


def _pgbench(server, clients, seconds):
    pgbench = str(Path(find_pg_ctl()).resolve().with_name("pgbench"))
    address = ["-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres"]
    subprocess.run([pgbench, "-i", "-q", "-s", "10", *address, "pgbench"], check=True, capture_output=True)
    done = subprocess.run(
        [pgbench, "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds), *address, "pgbench"],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(re.search(r"tps = ([\d.]+)", done.stdout).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run")
    parser.add_argument("--clients", default="1,4", help="client counts of the load runs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--copies",
        type=int,
        default=0,
        help="provinces of their own copied from the demo after its processes are open (bench/copies.py): "
        "--results 6000 --copies 33 is 204.000 results in 34 provinces and more",
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]

    server = start_cluster(autovacuum=True)
    gunicorn = None
    try:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE DATABASE bench")
            admin.execute("CREATE DATABASE pgbench")
        url = f"postgres://postgres@127.0.0.1:{server.port}/bench"
        # Its own checkpoint directory: verify_audit compares the chains with the latest checkpoint there, and the
        # development directory holds the demo database's.
        checkpoints = tempfile.mkdtemp(prefix="ketqua-bench-checkpoints-")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "NOTIFICATIONS_ENABLED": "false",
            "CONN_MAX_AGE": "600",
            "AUDIT_CHECKPOINT_DIR": checkpoints,
        }
        env.pop("MIGRATION_DATABASE_URL", None)
        rows = []
        _manage(env, "migrate", "--noinput", "-v0")
        seeded, _ = _manage(env, "seed_demo", "--results", str(args.results), "-v0")
        print(f"seed_demo: {seeded:.0f} s", flush=True)
        synced, _ = _manage(env, "sync_workflows", "--demo-claims", "-v0")
        print(f"sync_workflows: {synced:.0f} s", flush=True)
        copied = None
        if args.copies:
            started = time.monotonic()
            with psycopg.connect(url) as connection:
                copy_provinces(connection, args.copies)
            copied = time.monotonic() - started
            print(f"{args.copies} copies: {copied:.0f} s", flush=True)
        counts = _sql(
            env,
            "from audit.models import Event; from viewflow.workflow.models import Task; "
            "from tasks_registry.models import Result; "
            "print(Result.objects.count(), Task.objects.count(), Event.objects.count())",
        ).split()
        results, tasks, events = (int(c) for c in counts)
        verified, _ = _manage(env, "verify_audit")
        print(f"verify_audit: {verified:.1f} s for {events} events", flush=True)
        _sql(env, "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')")

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(300):
            try:
                requests.get(f"{base}/accounts/login/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)

        for who, path, label in PAGES:
            for count in clients:
                times, sizes, rate = _load(base, PEOPLE[who], path, count, args.seconds)
                load = os.getloadavg()[0]
                rows.append(
                    (
                        label,
                        count,
                        statistics.median(times) * 1000,
                        _p95(times) * 1000,
                        statistics.median(sizes) / 1024,
                        rate,
                        load,
                    )
                )
                print(
                    f"{label:22} {count:>2} clients: median {rows[-1][2]:7.1f} ms, p95 {rows[-1][3]:7.1f} ms, "
                    f"{rows[-1][4]:6.1f} KB, {rate:6.1f}/s, load {load:.1f}",
                    flush=True,
                )

        # Claim + complete last: it changes the data the pages above read. Each client count takes its share of the
        # head's acceptance tasks (a few hundred at 10.000 results).
        waiting = _sql(env, ACCEPTANCES.format(username=PEOPLE["head"])).split()
        share = len(waiting) // len(clients)
        completions = []
        for number, count in enumerate(clients):
            its_share = waiting[number * share : (number + 1) * share]
            times, rate = _claim_and_complete(base, PEOPLE["head"], its_share, count, args.seconds)
            completions.append((count, len(times), statistics.median(times) * 1000, _p95(times) * 1000, rate))
            print(
                f"claim + complete {count:>2} clients: {len(times)} done, median {completions[-1][2]:7.1f} ms, "
                f"p95 {completions[-1][3]:7.1f} ms, {rate:6.1f}/s",
                flush=True,
            )

        stock_ms, ours_ms, stock_rows, ours_rows = _sql(env, QUEUE_BASELINE.format(username=PEOPLE["head"])).split()
        tps = {count: _pgbench(server, count, args.seconds) for count in clients}
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        stop_cluster(server)

    text = _report(
        args,
        rows,
        completions,
        tps,
        results,
        tasks,
        events,
        seeded,
        synced,
        copied,
        verified,
        float(stock_ms),
        float(ours_ms),
        stock_rows,
        ours_rows,
    )
    print(text)
    if not args.no_write:
        write_block("scale", text)


def _report(
    args,
    rows,
    completions,
    tps,
    results,
    tasks,
    events,
    seeded,
    synced,
    copied,
    verified,
    stock_ms,
    ours_ms,
    stock_rows,
    ours_rows,
):
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7)))
    lines = [
        "## National scale over HTTP (`bench/scale.py`)",
        "",
        f"Measured {now:%d/%m/%Y %H:%M} +07 on {os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"PostgreSQL throwaway cluster (fsync=off), gunicorn with {args.workers} workers, DEBUG off; the load "
        f"generator runs on the same machine. Scale: {_n(results)} results, {_n(tasks)} workflow tasks, "
        f"{_n(events)} audit events "
        + (
            f"(the demo's provinces and {args.copies} copies of them as provinces of their own, `--copies`)."
            if args.copies
            else "(one province's demo data)."
        ),
        "",
        "| building the database | time | rate |",
        "|---|---|---|",
        f"| `seed_demo --results {args.results}` | {seeded:.0f} s | {args.results / seeded:.0f} results/s |",
        f"| `sync_workflows --demo-claims` (every result's process opened in bulk, then the demo's claims, due dates "
        f"and dossiers, one service call each) | {synced:.0f} s | {args.results / synced:.0f} results/s |",
        f"| `verify_audit` | {verified:.1f} s | **{_n(round(events / verified))} events/s** |",
        *(
            [
                f"| {args.copies} copies of the demo's agencies, tasks, results and result processes, in SQL "
                f"(bench/copies.py) | {copied:.0f} s | |"
            ]
            if copied is not None
            else []
        ),
        "",
        "| page | clients | median ms | p95 ms | KB | pages/s | pages/s ÷ pgbench tps | load | target p95 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, count, median, p95, size, rate, load in rows:
        target = TARGETS_MS.get(label)
        mark = "" if target is None else (f"< {target} ms " + ("✓" if p95 < target else "✗"))
        lines.append(
            f"| {label} | {count} | {median:.1f} | **{p95:.1f}** | {size:.1f} | {rate:.1f} | "
            f"{rate / tps[count]:.3f} | {load:.1f} | {mark} |"
        )
    lines += [
        "",
        "| claim + complete (the head accepts a result: claim, then the task page's form) | clients | done | "
        "median ms | p95 ms | per second | per second ÷ pgbench tps | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for count, done, median, p95, rate in completions:
        mark = f"≥ 300/s {'✓' if rate >= 300 else '✗'}" if count == 4 else ""
        lines.append(
            f"| | {count} | {done} | {median:.1f} | {p95:.1f} | **{rate:.1f}** | {rate / tps[count]:.3f} | {mark} |"
        )
    lines += [
        "",
        "pgbench TPC-B (scale 10) in the same run: "
        + ", ".join(f"{c} clients {t:.0f} tps" for c, t in tps.items())
        + ".",
        "",
        f"The head's queue, first 25 rows, median of 30, in-process: viewflow's stock `Task.objects.user_queue()` "
        f"{stock_ms:.2f} ms ({stock_rows} rows), ours `workflows.lists.queue_of()` {ours_ms:.2f} ms ({ours_rows} rows): "
        f"**{stock_ms / ours_ms:.1f}×** the stock query's speed.",
    ]
    return "\n".join(lines)


def _n(number):
    return f"{number:,}".replace(",", ".")  # Vietnamese grouping


if __name__ == "__main__":
    main()
