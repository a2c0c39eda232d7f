"""The database itself refuses to change or remove an audit event.

The suite connects as the application role (tests/pg_plugin.py): it may INSERT and SELECT events and nothing else,
owns no table, and so can neither empty the log nor switch its triggers off. The owner role is held back by the
triggers (it could drop them: that is what the HMAC and the checkpoints are for, see test_tamper_evidence.py).
"""

import pytest
from django.db import DatabaseError, connection, transaction

from audit import recorder
from audit.models import ChainHead, Event
from tests.audit.tamper import as_owner
from tests.factories import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return Event.objects.get(case_key=recorder.case_key_for(Province().result()))


def _refused(statement, params=()):
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(refusal.value)


def test_the_suite_runs_as_a_role_that_neither_owns_the_log_nor_may_change_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, tableowner, has_table_privilege('audit_event', 'INSERT'),"
            " has_table_privilege('audit_event', 'SELECT'), has_table_privilege('audit_event', 'UPDATE'),"
            " has_table_privilege('audit_event', 'DELETE'), has_table_privilege('audit_event', 'TRUNCATE')"
            " FROM pg_tables WHERE tablename = 'audit_event'"
        )
        user, owner, insert, select, update, delete, truncate = cursor.fetchone()
    assert user == "ketqua_app" and owner == "ketqua_owner"
    assert (insert, select, update, delete, truncate) == (True, True, False, False, False)


def test_update_through_the_orm_is_refused(event):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(comment="sửa lại")
    event.refresh_from_db()
    assert event.comment == ""


def test_delete_through_the_orm_is_refused(event):
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_raw_update_and_delete_are_refused_too(event):
    for statement in ("UPDATE audit_event SET action = 'x' WHERE id = %s", "DELETE FROM audit_event WHERE id = %s"):
        assert "permission denied" in _refused(statement, [event.pk])
    event.refresh_from_db()
    assert event.action == "result.recorded"


def test_the_application_cannot_empty_the_log(event):
    assert "permission denied" in _refused("TRUNCATE audit_event")
    assert "permission denied" in _refused("TRUNCATE audit_event CASCADE")
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_application_can_neither_disable_nor_drop_the_triggers(event):
    for statement in (
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_append_only ON audit_event",
        "DROP TRIGGER audit_event_no_truncate ON audit_event",
        "DROP TABLE audit_event CASCADE",
    ):
        assert "must be owner" in _refused(statement), statement
    assert "must be owner" in _refused("DROP FUNCTION audit_event_append_only() CASCADE")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND tgenabled = 'O'"
            " AND tgname IN ('audit_event_append_only', 'audit_event_no_truncate')"
        )
        assert cursor.fetchone()[0] == 2


def test_the_application_cannot_remove_a_chain_head(event):
    head = ChainHead.objects.get(case_key=event.case_key)
    assert "permission denied" in _refused("DELETE FROM audit_chainhead WHERE case_key = %s", [head.pk])
    assert "permission denied" in _refused("TRUNCATE audit_chainhead")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_events_can_only_be_written_inside_the_change_they_record():
    # Outside a transaction there is no change for the event to commit with.
    with pytest.raises(RuntimeError):
        recorder.record(case="test:1", action="x")
    assert not Event.objects.exists()


def test_each_case_has_its_own_chain():
    province = Province()
    first, second = province.result(), province.result()
    for result in (first, second):
        chain = list(Event.objects.filter(case_key=recorder.case_key_for(result)).order_by("seq"))
        assert [e.seq for e in chain] == [1]
        assert chain[0].prev_hash == "0" * 64
    assert first.pk != second.pk


def test_every_recorded_event_is_signed_with_the_current_key(event, settings):
    from audit.chain import signature_problem

    assert event.hmac_key_id == "dev" and len(event.hmac) == 64
    assert signature_problem(event) is None
    settings.AUDIT_HMAC_KEYS = {"2027": "a-new-key-after-rotation-" * 2, **settings.AUDIT_HMAC_KEYS}
    with transaction.atomic():
        newer = recorder.record(case=event.case_key, action="x.rotated")
    assert newer.hmac_key_id == "2027"
    # Rotation keeps the older key for verification: both events still prove out.
    assert signature_problem(event) is None and signature_problem(newer) is None
    settings.AUDIT_HMAC_KEYS = {"2027": settings.AUDIT_HMAC_KEYS["2027"]}
    assert signature_problem(event) == "signed with an unknown key (dev)"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_even_the_owner_is_stopped_by_the_triggers_until_it_drops_them():
    Province().result()
    with as_owner() as conn:
        for statement in ("UPDATE audit_event SET comment = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event"):
            with pytest.raises(Exception, match="append-only"), conn.transaction():
                conn.execute(statement)
    assert Event.objects.exists()
