"""The database itself refuses to change or remove an audit event."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit import recorder
from audit.models import Event
from tests.factories import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return Event.objects.get(case_key=recorder.case_key_for(Province().result()))


def test_update_through_the_orm_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(comment="sửa lại")
    event.refresh_from_db()
    assert event.comment == ""


def test_delete_through_the_orm_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_raw_sql_is_refused_too(event):
    for statement in ("UPDATE audit_event SET action = 'x' WHERE id = %s", "DELETE FROM audit_event WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.action == "result.recorded"


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
