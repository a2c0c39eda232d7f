"""What an attacker holding the database (its owner role) can do behind the application's back.

The suite runs as the application role, which cannot do any of this; the owner can, on committed rows, so the
tests that use these helpers are transactional (`django_db(transaction=True)`).
"""

from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.db import connection


@contextmanager
def as_owner():
    """A separate connection to the test database as the owner role (autocommit)."""
    owner = settings.DATABASE_OWNER
    if owner is None:
        pytest.fail("The suite needs MIGRATION_DATABASE_URL (the owner role): tests/pg_plugin.py sets it.")
    params = {
        "host": owner["HOST"],
        "port": owner["PORT"] or 5432,
        "user": owner["USER"],
        "dbname": connection.settings_dict["NAME"],
        "autocommit": True,
    }
    if owner.get("PASSWORD"):
        params["password"] = owner["PASSWORD"]
    with psycopg.connect(**params) as conn:
        yield conn


def behind_the_logs_back(sql, params=()):
    """Switch the audit triggers off, change the rows, switch them on: what the table's owner can do."""
    with as_owner() as conn, conn.transaction():
        # Foreign-key checks must fire before the table can be altered again.
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
        conn.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        conn.execute(sql, params)
        conn.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
