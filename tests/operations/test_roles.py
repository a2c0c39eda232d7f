"""`migrate` runs as the owner and leaves the application role exactly its privileges, however they drifted."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.audit.tamper import as_owner

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _may(privilege, table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_table_privilege(%s, %s)", [table, privilege])
        return cursor.fetchone()[0]


def test_migrate_takes_back_a_privilege_granted_by_hand_on_the_audit_log():
    with as_owner() as conn:
        conn.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_event TO ketqua_app")
    assert _may("UPDATE", "audit_event")
    out = StringIO()
    call_command("migrate", stdout=out)
    assert "Granted the application role ketqua_app its privileges" in out.getvalue()
    assert [_may(p, "audit_event") for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == "ketqua_app"  # back to the application role after migrating


def test_a_table_created_after_the_first_migration_is_granted_by_the_next_migrate():
    with as_owner() as conn:
        conn.execute("CREATE TABLE later_feature (id serial PRIMARY KEY, note text)")
    try:
        assert not _may("INSERT", "later_feature")
        call_command("migrate", stdout=StringIO())
        assert _may("INSERT", "later_feature") and _may("DELETE", "later_feature")
        assert not _may("TRUNCATE", "later_feature")
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO later_feature (note) VALUES ('ok')")
    finally:
        with as_owner() as conn:
            conn.execute("DROP TABLE later_feature")
