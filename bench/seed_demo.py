#!/usr/bin/env python
"""Time `manage.py seed_demo --results N` on a fresh database (a benchmark, not run by CI; see bench/README.md).

    .venv/bin/python bench/seed_demo.py                     # 100,000 results on a new SQLite file in /tmp
    .venv/bin/python bench/seed_demo.py --results 20000 --verify
    .venv/bin/python bench/seed_demo.py --database-url postgres://user@host/emptydb

Each command runs in its own process, as `make run` runs them: migrate, then seed_demo (timed), then optionally
verify_audit (timed). Prints the seconds, the peak memory of the largest child process and the database size.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args, env, quiet=True):
    """Run one manage.py command; return the seconds it took and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if quiet else None,
        text=True,
    )
    return time.perf_counter() - started, done.stdout or ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url", help="an EMPTY database to use instead of a new SQLite file")
    parser.add_argument("--verify", action="store_true", help="also time verify_audit over the seeded chains")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file (its path is printed)")
    args = parser.parse_args()

    workdir = None
    if args.database_url:
        url, db_file = args.database_url, None
    else:
        workdir = Path(tempfile.mkdtemp(prefix="seed-demo-bench-"))
        db_file = workdir / "bench.sqlite3"
        url = f"sqlite:///{db_file}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    try:
        print(f"database: {url}", flush=True)
        print(f"migrate: {run(['migrate', '--noinput', '--verbosity', '0'], env)[0]:.1f} s", flush=True)
        seconds, output = run(["seed_demo", "--results", str(args.results), "--seed", str(args.seed)], env)
        print(f"seed_demo --results {args.results} --seed {args.seed}: {seconds:.1f} s", flush=True)
        counts = [line for line in output.splitlines() if "·" in line]  # the line of counts
        print("\n".join(counts[-1:]), flush=True)
        if args.verify:
            print(f"verify_audit: {run(['verify_audit'], env, quiet=False)[0]:.1f} s", flush=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"peak memory of the largest step: {peak / 1024:.0f} MiB")
        if db_file:
            print(f"database file: {db_file.stat().st_size / 2**20:.0f} MiB")
    finally:
        if workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif workdir:
            print(f"kept {db_file}")


if __name__ == "__main__":
    main()
