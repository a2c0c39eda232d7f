"""A throwaway PostgreSQL cluster for the test session, started with the machine's pg_ctl via pytest-postgresql."""

import glob
import os
import pwd
import shutil
import socket
import tempfile
from pathlib import Path

from pytest_postgresql.executors import PostgreSQLExecutor

WRAPPER = Path(__file__).resolve().parent.parent / "scripts" / "pg_ctl_unprivileged"
# The two roles of docs/operations.md: the owner runs migrations (and creates the test database), the suite runs
# as the application role, which may only INSERT and SELECT audit events.
OWNER_ROLE, APP_ROLE = "ketqua_owner", "ketqua_app"


class PostgresMissing(RuntimeError):
    pass


def find_pg_ctl() -> str:
    candidates = [os.environ.get("PG_CTL"), shutil.which("pg_ctl")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise PostgresMissing(
        "PostgreSQL server binaries (pg_ctl) were not found. Install PostgreSQL 15+ "
        "(Debian: apt-get install postgresql) or set PG_CTL to the pg_ctl path."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_cluster(*, autovacuum: bool = False) -> PostgreSQLExecutor:
    """The suite's cluster has no autovacuum (see below); a benchmark's has, as a server in service does."""
    os.environ["PG_CTL_REAL"] = find_pg_ctl()
    base = Path(tempfile.mkdtemp(prefix="ketqua-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam(os.environ.get("PG_TEST_OS_USER", "postgres"))
        os.chown(base, account.pw_uid, account.pw_gid)
    base.chmod(0o700 if os.geteuid() != 0 else 0o755)
    executor = PostgreSQLExecutor(
        executable=str(WRAPPER),
        host="127.0.0.1",
        port=_free_port(),
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "server.log"),
        startparams="-w",
        dbname="ketqua",
        user="postgres",
        # No autovacuum: between tests the tables hold only rolled-back rows, and vacuuming them records "N pages,
        # 0 rows", after which the planner takes every row a later test inserts for none. In one full run a test
        # with a thousand queued tasks then joined them in nested loops over 2.5 billion rows (seven minutes, found
        # with auto_explain). Never vacuumed, a table's size is estimated from its pages.
        # PG_TEST_OPTIONS adds server settings for a diagnosis, e.g. "-c shared_preload_libraries=auto_explain
        # -c auto_explain.log_min_duration=2s"; PG_TEST_KEEP_LOG names a file the server log is copied to at the end.
        postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
        + ("" if autovacuum else "-c autovacuum=off ")
        + os.environ.get("PG_TEST_OPTIONS", ""),
        timeout=120,
    )
    executor.init_directory()
    executor.start()
    executor.base_dir = base
    create_roles(executor.host, executor.port)
    return executor


def create_roles(host: str, port: int) -> None:
    """As the cluster's superuser: the owner (may create the test database) and the application role."""
    import time

    import psycopg

    for attempt in range(100):  # the port may open before the server accepts connections
        try:
            conn = psycopg.connect(host=host, port=port, user="postgres", dbname="postgres", autocommit=True)
            break
        except psycopg.OperationalError:
            if attempt == 99:
                raise
            time.sleep(0.2)
    with conn:
        conn.execute(f"CREATE ROLE {OWNER_ROLE} LOGIN CREATEDB")
        conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN")


def stop_cluster(executor: PostgreSQLExecutor) -> None:
    try:
        executor.stop()
        if keep := os.environ.get("PG_TEST_KEEP_LOG"):
            shutil.copyfile(executor.base_dir / "server.log", keep)
    finally:
        shutil.rmtree(executor.base_dir, ignore_errors=True)
