"""The restore drill dumps the test database, restores it into a drill database and verifies the audit log there."""

from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import Event
from tests.audit.tamper import as_owner, behind_the_logs_back
from tests.factories import Province
from tests.tasks_registry.driver import TO_DECIDED, Actors, drive

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _databases():
    with as_owner() as conn:
        return {name for (name,) in conn.execute("SELECT datname FROM pg_database")}


@pytest.fixture
def history():
    province = Province()
    drive(Actors(province), province.result(), *TO_DECIDED)
    drive(Actors(province), province.result(), "accept")
    call_command("audit_checkpoint", stdout=StringIO())


def test_a_dump_restores_into_a_fresh_database_whose_audit_log_verifies(history):
    events = Event.objects.count()
    out = StringIO()
    call_command("restore_drill", stdout=out)
    report = out.getvalue()
    target = f"{connection.settings_dict['NAME']}_restore_drill"
    for step in ("pg_dump: ok", "drop: ok", "create: ok", "pg_restore: ok", "verify_audit: ok"):
        assert step in report
    assert "signature valid" in report  # compared with the checkpoint, not only chain by chain
    assert f"{events} events checked, 0 broken" in report
    assert "Restore drill passed" in report
    assert target not in _databases()  # the drill cleans up after itself


def test_the_restored_database_keeps_the_roles_and_triggers(history):
    target = f"{connection.settings_dict['NAME']}_restore_drill"
    call_command("restore_drill", "--keep", stdout=StringIO())
    try:
        with psycopg.connect(
            host=connection.settings_dict["HOST"],
            port=connection.settings_dict["PORT"],
            user=connection.settings_dict["USER"],
            dbname=target,
            autocommit=True,
        ) as app:
            assert app.execute("SELECT current_user").fetchone()[0] == "ketqua_app"
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("DELETE FROM audit_event")
            triggers = app.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass"
                " AND tgname IN ('audit_event_append_only', 'audit_event_no_truncate')"
            ).fetchone()
            assert triggers[0] == 2
    finally:
        with as_owner() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_a_drill_of_a_tampered_database_fails(history):
    behind_the_logs_back("UPDATE audit_event SET comment = 'sửa lén' WHERE seq = 2")
    with pytest.raises(CommandError, match="verify_audit failed"):
        call_command("restore_drill", stdout=StringIO())
