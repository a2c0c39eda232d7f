#!/usr/bin/env python
"""Time `manage.py verify_audit` on an existing database, with 1 and more worker processes (a benchmark, not run
by CI). It only reads the log: the one row it writes per run is the VerificationRun the command itself keeps.

    DATABASE_URL=postgres://user@host:port/bench AUDIT_CHECKPOINT_DIR=/tmp/my-ckpt DEBUG=false \\
        .venv/bin/python bench/verify_audit.py --runs 5 --workers 1 2
    ... bench/verify_audit.py --before /tmp/old-tree      # also time the command of another checkout (no --workers)

Each run starts the command as a separate process, as the daily timer does, and takes its wall time; events/s is
the command's "N events checked" over that time, Django's start-up included. The same command with `--case` of a
case that does not exist measures that start-up alone. Runs of the configurations take turns, so a machine that is
busy for a while slows all of them alike; the table gives the median and the best run of each, and the load average
before and after (a shared machine). Writes the table between the `verify` markers of bench/RESULTS.md unless
--no-write.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from results_file import write_block  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent
NO_SUCH_CASE = "bench.no-such-case:0"
STARTUP = "start-up only (`--case` of no case)"


def run(command):
    """(wall seconds, CPU seconds of the command and its worker processes, events checked)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    checked = re.search(r"(\d+) chains checked, (\d+) events checked, (\d+) broken", done.stdout + done.stderr)
    if checked is None:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return wall, cpu, int(checked.group(2))


def configurations(args):
    """(label, command, label of the same command's start-up-only run) for each thing timed."""
    python, manage = sys.executable, str(ROOT / "manage.py")
    found = [(STARTUP, [python, manage, "verify_audit", "--case", NO_SUCH_CASE, "--workers", "1"], None)]
    if args.before:
        before = [python, str(Path(args.before) / "manage.py"), "verify_audit"]
        startup = f"{STARTUP}, before"
        found += [
            (startup, [*before, "--case", NO_SUCH_CASE], None),
            (f"before (`{args.before_label}`)", before, startup),
        ]
    for workers in args.workers:
        found.append((f"`--workers {workers}`", [python, manage, "verify_audit", "--workers", str(workers)], STARTUP))
    return found


def measure(args):
    timings = {label: [] for label, _command, _startup in configurations(args)}
    events = 0
    for number in range(args.runs):
        for label, command, _startup in configurations(args):
            wall, cpu, checked = run(command)
            timings[label].append((wall, cpu))
            events = max(events, checked)
            print(f"run {number + 1}: {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {checked} events", flush=True)
    return timings, events


def table(timings, events, args, load_before):
    load = os.getloadavg()
    lines = [
        "## Audit verification (`bench/verify_audit.py`)",
        "",
        f"Measured {time.strftime('%d/%m/%Y %H:%M %z')} on {os.cpu_count()} CPU cores, Python "
        f"{sys.version.split()[0]}, {args.database}. Scale: {events:,} audit events. Each figure is the wall time of "
        f"`manage.py verify_audit` as a separate process (Django's start-up included), {args.runs} runs each, taking "
        f"turns; load average (1 / 5 / 15 min) before {' / '.join(f'{value:.1f}' for value in load_before)}, after "
        f"{' / '.join(f'{value:.1f}' for value in load)}.",
        "",
        "| command | median s | best s | events/s (median) | events/s (best) | events/s after start-up (median) "
        "| CPU s (median, its processes) |",
        "|---|---|---|---|---|---|---|",
    ]
    startups = {label: startup for label, _command, startup in configurations(args)}
    for label, runs in timings.items():
        walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
        median, best = statistics.median(walls), min(walls)
        if startups[label] is None:
            rates = ["—"] * 3
        else:
            startup = statistics.median(wall for wall, _cpu in timings[startups[label]])
            rates = [f"{events / median:,.0f}", f"**{events / best:,.0f}**", f"{events / (median - startup):,.0f}"]
        lines.append(f"| {label} | {median:.2f} | {best:.2f} | {' | '.join(rates)} | {statistics.median(cpus):.2f} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--before", help="another checkout whose verify_audit to time as well (e.g. a git archive)")
    parser.add_argument("--before-label", default="before", help="what to call it in the table")
    parser.add_argument("--database", default="PostgreSQL", help="how to describe the database in the table")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database to verify (it is only read).")
    load_before = os.getloadavg()
    timings, events = measure(args)
    text = table(timings, events, args, load_before)
    print(text)
    if not args.no_write:
        write_block("verify", text)


if __name__ == "__main__":
    main()
