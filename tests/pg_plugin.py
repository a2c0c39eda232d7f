"""Starts the suite's throwaway PostgreSQL cluster before Django reads its settings.

Loaded with `-p tests.pg_plugin` (see pyproject.toml) so it wraps pytest-django's own start-up: DATABASE_URL
points at the new cluster by the time config.settings is imported. A missing PostgreSQL stops the run with an
error, whether or not CI=true: the suite never falls back to SQLite.
"""

import os

import pytest

from tests.postgres_cluster import PostgresMissing, start_cluster, stop_cluster

_cluster = None


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    global _cluster
    if not os.environ.get("KETQUA_TEST_DATABASE_URL"):
        try:
            _cluster = start_cluster()
        except PostgresMissing as missing:
            raise pytest.UsageError(f"PostgreSQL is required for the test suite: {missing}") from None
        os.environ["KETQUA_TEST_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{_cluster.port}/ketqua"
    os.environ["DATABASE_URL"] = os.environ["KETQUA_TEST_DATABASE_URL"]
    return (yield)


def pytest_unconfigure(config):
    global _cluster
    if _cluster is not None:
        stop_cluster(_cluster)
        _cluster = None
