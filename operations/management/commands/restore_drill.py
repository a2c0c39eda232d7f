"""`manage.py restore_drill`: prove the backups restore, and that the restored audit log still verifies.

1. pg_dump the site's database (custom format, as the owner role);
2. drop the drill database if a previous drill left it, create it again;
3. pg_restore the dump into it (tables, data, triggers and the application role's grants);
4. run `verify_audit` against the restored database, as the application role, in a separate process: every chain,
   every HMAC and the latest checkpoint; and compare the number of events with the source;
5. drop the drill database (unless --keep).
Exit status 1 when any step fails. Run it regularly (docs/operations.md, "Backups and the restore drill"): a backup
that has never been restored is a hope, not a backup.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.models import Event

ROOT = Path(settings.BASE_DIR)


def _pg_tool(name):
    """The newest PostgreSQL client of that name (Debian keeps them per version), else the one on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise CommandError(f"{name} was not found: install the PostgreSQL client tools.")
    return path


def _credentials(owner):
    source = settings.DATABASE_OWNER if owner and settings.DATABASE_OWNER else connection.settings_dict
    return {key: source.get(key) or "" for key in ("USER", "PASSWORD", "HOST", "PORT")}


def _url(credentials, name):
    user = quote(credentials["USER"], safe="")
    password = f":{quote(credentials['PASSWORD'], safe='')}" if credentials["PASSWORD"] else ""
    port = f":{credentials['PORT']}" if credentials["PORT"] else ""
    return f"postgres://{user}{password}@{credentials['HOST'] or 'localhost'}{port}/{name}"


def _libpq_env(credentials, name):
    env = {
        **os.environ,
        "PGDATABASE": name,
        "PGUSER": credentials["USER"],
        "PGHOST": credentials["HOST"] or "localhost",
    }
    if credentials["PORT"]:
        env["PGPORT"] = str(credentials["PORT"])
    if credentials["PASSWORD"]:
        env["PGPASSWORD"] = credentials["PASSWORD"]
    return env


class Command(BaseCommand):
    help = "Dump the database, restore it into a drill database, and verify the restored audit log."

    def add_arguments(self, parser):
        parser.add_argument("--target", help="the drill database (default: <database>_restore_drill)")
        parser.add_argument("--keep", action="store_true", help="keep the drill database afterwards")
        parser.add_argument("--dump", help="keep the dump at this path (default: a temporary file)")

    def handle(self, *args, target=None, keep=False, dump=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The restore drill needs PostgreSQL (the SQLite demo is not backed up this way).")
        source = connection.settings_dict["NAME"]
        target = target or f"{source}_restore_drill"
        if target == source:
            raise CommandError("The drill restores into another database, never over the live one.")
        owner, app = _credentials(owner=True), _credentials(owner=False)
        events = Event.objects.count()
        with tempfile.TemporaryDirectory(prefix="restore-drill-") as scratch:
            dump_path = Path(dump) if dump else Path(scratch) / f"{source}.dump"
            self._step(
                "pg_dump", [_pg_tool("pg_dump"), "--format=custom", f"--file={dump_path}"], _libpq_env(owner, source)
            )
            self.stdout.write(f"  dump: {dump_path.stat().st_size:,} bytes, {events:,} events in {source}")
            maintenance = _libpq_env(owner, "postgres")
            psql = _pg_tool("psql")
            self._step(
                "drop",
                [psql, "-v", "ON_ERROR_STOP=1", "-c", f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'],
                maintenance,
            )
            self._step("create", [psql, "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{target}"'], maintenance)
            try:
                self._step(
                    "pg_restore",
                    [_pg_tool("pg_restore"), "--exit-on-error", "--no-owner", f"--dbname={target}", str(dump_path)],
                    _libpq_env(owner, target),
                )
                self._verify(target, owner, app, events)
            finally:
                if not keep:
                    self._step(
                        "drop",
                        [psql, "-v", "ON_ERROR_STOP=1", "-c", f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'],
                        maintenance,
                    )
        self.stdout.write(
            self.style.SUCCESS(f"Restore drill passed: {source} restored into {target}, audit log verified.")
        )

    def _step(self, name, command, env):
        started = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"{name} failed: {(done.stderr or done.stdout).strip()}")
        self.stdout.write(f"{name}: ok ({time.monotonic() - started:.1f} s)")
        return done

    def _verify(self, target, owner, app, events):
        env = {**os.environ, "DATABASE_URL": _url(app, target)}
        if settings.DATABASE_OWNER:
            env["MIGRATION_DATABASE_URL"] = _url(owner, target)
        command = [
            sys.executable,
            str(ROOT / "manage.py"),
            "verify_audit",
            f"--checkpoint-dir={settings.AUDIT_CHECKPOINT_DIR}",
        ]
        done = self._step("verify_audit", command, env)
        self.stdout.write("  " + done.stdout.strip().replace("\n", "\n  "))
        checked = re.search(r"(\d+) events checked, 0 broken", done.stdout)
        # The source may have grown between the count and the dump, never shrunk.
        if checked is None or int(checked.group(1)) < events:
            raise CommandError(f"the restored database does not hold the {events} events of the source")
