"""Starts the suite's throwaway PostgreSQL cluster before Django reads its settings, and runs the suite as the
application role.

Loaded with `-p tests.pg_plugin` (see pyproject.toml) so it wraps pytest-django's own start-up: DATABASE_URL
(the application role) and MIGRATION_DATABASE_URL (the owner role) point at the new cluster by the time
config.settings is imported. A missing PostgreSQL stops the run with an error, whether or not CI=true: the suite
never falls back to SQLite.

As in production, the owner creates the test database and migrates it, and every test then runs as the
application role, which may only INSERT and SELECT audit events. The one thing the suite needs that the application
must never do is emptying the tables between transactional tests: that flush runs as the owner, with the audit
log's TRUNCATE trigger switched off for its own transaction.

To run the suite on another server instead, set KETQUA_TEST_DATABASE_URL (the application role) and
KETQUA_TEST_MIGRATION_DATABASE_URL (the owner role, with CREATEDB); the role tests fail without the latter. The
planner tests delete the statistics they made as KETQUA_TEST_SUPERUSER_URL (tests/planner_statistics.py).
"""

import os

import pytest

from tests.postgres_cluster import APP_ROLE, OWNER_ROLE, PostgresMissing, start_cluster, stop_cluster

_cluster = None


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    global _cluster
    if not os.environ.get("KETQUA_TEST_DATABASE_URL"):
        try:
            _cluster = start_cluster()
        except PostgresMissing as missing:
            raise pytest.UsageError(f"PostgreSQL is required for the test suite: {missing}") from None
        address = f"127.0.0.1:{_cluster.port}/ketqua"
        os.environ["KETQUA_TEST_DATABASE_URL"] = f"postgres://{APP_ROLE}@{address}"
        os.environ["KETQUA_TEST_MIGRATION_DATABASE_URL"] = f"postgres://{OWNER_ROLE}@{address}"
        os.environ["KETQUA_TEST_SUPERUSER_URL"] = f"postgres://postgres@{address}"  # tests/planner_statistics.py
    os.environ["DATABASE_URL"] = os.environ["KETQUA_TEST_DATABASE_URL"]
    if os.environ.get("KETQUA_TEST_MIGRATION_DATABASE_URL"):
        os.environ["MIGRATION_DATABASE_URL"] = os.environ["KETQUA_TEST_MIGRATION_DATABASE_URL"]
    return (yield)


def pytest_configure(config):
    _run_database_setup_as_owner()


def _run_database_setup_as_owner():
    import django.test.utils as test_utils
    from django.db.backends.base.operations import BaseDatabaseOperations

    from operations.roles import connected_as_owner

    setup, teardown = test_utils.setup_databases, test_utils.teardown_databases
    execute_sql_flush = BaseDatabaseOperations.execute_sql_flush

    def setup_databases(*args, **kwargs):
        with connected_as_owner():
            return setup(*args, **kwargs)

    def teardown_databases(*args, **kwargs):
        with connected_as_owner():
            return teardown(*args, **kwargs)

    def flush_as_owner(self, sql_list):
        with connected_as_owner(self.connection.alias) as connection:
            if connection.vendor == "postgresql":
                sql_list = [
                    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate",
                    *sql_list,
                    "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate",
                ]
            return execute_sql_flush(self, sql_list)

    test_utils.setup_databases, test_utils.teardown_databases = setup_databases, teardown_databases
    BaseDatabaseOperations.execute_sql_flush = flush_as_owner


def pytest_unconfigure(config):
    global _cluster
    if _cluster is not None:
        stop_cluster(_cluster)
        _cluster = None
