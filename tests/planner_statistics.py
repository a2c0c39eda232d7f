"""ANALYZE for the tests that ask which plan PostgreSQL chooses at scale, and forgetting what it learned afterwards.

ANALYZE writes pg_statistic, which neither a test's rollback nor the flush after a transactional test undoes. Once a
test had analysed 200,000 queued tasks of officers, the planner believed that the next tests' heads' work items
could hardly exist, and a later test of the same worker joined its thousand of them to a thousand results in nested
loops over 2.5 billion rows: seven minutes, once per full run, in whichever test came next with a thousand rows.
So the statistics are deleted when such a test ends, which only a superuser may do: the cluster the suite starts
has one (tests/pg_plugin.py gives its address in KETQUA_TEST_SUPERUSER_URL).
"""

import os
import warnings

import psycopg
from django.db import connection

from tests.audit.tamper import as_owner


def analyze(table: str = "") -> None:
    """ANALYZE one table, or the whole database, as its owner (the application role may not)."""
    with as_owner() as owner:
        owner.execute(f"ANALYZE {table}")


def forget_statistics() -> None:
    """Delete the planner's statistics of the application's tables, as if they had never been analysed."""
    address = os.environ.get("KETQUA_TEST_SUPERUSER_URL")
    if not address:
        warnings.warn(
            "KETQUA_TEST_SUPERUSER_URL is not set: the statistics of an analysed test stay for the next tests",
            stacklevel=2,
        )
        return
    with psycopg.connect(address, dbname=connection.settings_dict["NAME"], autocommit=True) as superuser:
        superuser.execute(
            "DELETE FROM pg_statistic WHERE starelid IN "
            "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
        )
