#!/usr/bin/env python
"""Deliver N notifications with two django-tasks-db workers to a local SMTP server (a benchmark, not run by CI).

    .venv/bin/python bench/notification_delivery.py                        # 10,000 notifications, throwaway PostgreSQL
    .venv/bin/python bench/notification_delivery.py --count 2000 --workers 3
    .venv/bin/python bench/notification_delivery.py --database-url postgres://user@host/emptydb

Steps: migrate an empty PostgreSQL database; create N notifications through `notifications.services.notify` (each
with its delivery row and its worker task, in transactions of 500); start an aiosmtpd server in this process; run
`manage.py db_worker --batch` twice at once (two processes, as on two machines); time them until both exit; count
the messages the server received by their idempotency key. Writes the figures to bench/RESULTS.md.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- notifications:begin -->", "<!-- notifications:end -->"


class Counting:
    """An aiosmtpd handler that keeps each message's idempotency key."""

    def __init__(self):
        self.keys, self.lock = Counter(), threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        key = message_from_bytes(envelope.original_content or envelope.content)["X-Notification-Key"]
        with self.lock:
            self.keys[key] += 1
        return "250 OK"


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_notifications(count, people):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from notifications.models import Kind
    from notifications.services import notify

    User = get_user_model()
    users = [
        User.objects.create_user(f"bench{n}", f"bench{n}@example.vn", first_name="Người", last_name=f"Thử {n}")
        for n in range(people)
    ]
    started = time.perf_counter()
    for start in range(0, count, 500):
        with transaction.atomic():
            for n in range(start, min(start + 500, count)):
                notify(
                    Kind.NEW_WORK,
                    [users[n % people]],
                    key=f"bench:{n}",
                    case_title=f"Kết quả thử nghiệm số {n}",
                    subject_msgid="Kiểm tra hồ sơ đăng ký kết quả",
                    link="/",
                    case_link="/",
                )
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--no-write", action="store_true", help="print the figures without writing RESULTS.md")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    handler = Counting()
    port = free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    cluster = None
    if args.database_url:
        url = args.database_url
    else:
        from tests.postgres_cluster import start_cluster

        cluster = start_cluster(autovacuum=True)
        url = f"postgres://postgres@127.0.0.1:{cluster.port}/postgres"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "localhost",
    }
    os.environ.update(env)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
        )
        queued_in = create_notifications(args.count, args.people)
        started = time.perf_counter()
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--batch",
                    "--queue-name",
                    "*",
                    "--interval",
                    "0",
                    "--no-startup-delay",
                    "--no-reload",
                    "--verbosity",
                    "0",
                    "--worker-id",
                    f"bench-{n}",
                ],
                cwd=ROOT,
                env=env,
            )
            for n in range(args.workers)
        ]
        codes = [worker.wait() for worker in workers]
        elapsed = time.perf_counter() - started
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        from notifications.models import Delivery

        statuses = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")))
        per_worker = Counter(ids[-1] for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) if ids)
        spans = [
            (f - s).total_seconds() for s, f in DBTaskResult.objects.values_list("started_at", "finished_at") if s and f
        ]
        in_task = sum(spans) / len(spans) if spans else 0
    finally:
        smtp.stop()
        if cluster is not None:
            from tests.postgres_cluster import stop_cluster

            stop_cluster(cluster)

    received = sum(handler.keys.values())
    duplicates = sum(n - 1 for n in handler.keys.values() if n > 1)
    rate = received / elapsed if elapsed else 0
    import platform

    lines = [
        BEGIN,
        "## Notifications: delivery by the task workers (`bench/notification_delivery.py`)",
        "",
        f"Measured {time.strftime('%d/%m/%Y %H:%M %Z')} on {os.cpu_count()} CPU cores (shared), Python "
        f"{platform.python_version()}, PostgreSQL {'(given URL)' if args.database_url else 'throwaway cluster, fsync=off'}, "
        "aiosmtpd in the benchmark process, Django's SMTP backend (one connection per message).",
        "",
        "| notifications | workers | queued in | delivered in | messages/s | received | distinct | duplicates | sent rows | tasks per worker |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {args.count:,} | {args.workers} | {queued_in:.1f} s | {elapsed:.1f} s | **{rate:,.0f}** | {received:,} | "
        f"{len(handler.keys):,} | **{duplicates}** | {statuses.get('sent', 0):,} | "
        f"{', '.join(f'{n:,}' for _, n in sorted(per_worker.items()))} |",
        "",
        f"Worker exit codes: {codes}; delivery statuses: {statuses}; mean time inside one delivery task: "
        f"{in_task * 1000:.0f} ms.",
        END,
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
        if BEGIN in old:
            old = old[: old.index(BEGIN)] + old[old.index(END) + len(END) :]
        RESULTS.write_text(old.rstrip() + "\n\n" + text + "\n", encoding="utf-8")
    return 0 if duplicates == 0 and received == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
