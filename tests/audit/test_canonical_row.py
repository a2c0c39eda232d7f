"""The verifier reads events as plain rows and writes their canonical text out key by key (chain.canonical_row);
every stored hash depends on that text being canonical()'s, byte for byte, whatever the event holds."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction

from audit import recorder
from audit.chain import ROW_FIELDS, canonical, canonical_row
from audit.context import Origin, reset_origin, set_origin
from audit.models import Event
from audit.verification import _event_rows, _rows
from tests.factories import Province
from tests.tasks_registry.driver import TO_DECIDED, Actors, drive

pytestmark = pytest.mark.django_db

AWKWARD_TEXT = 'dấu "ngoặc" \\ gạch, dòng\nmới\ttab \x01 \u2028 🚀 Đồng Tháp'
AWKWARD_CHANGES = {
    "zeta": [None, {"b": 1, "a": [True, False, None], "ä": "ü", "A": -0.0}],
    "amount": [Decimal("1234567.89"), Decimal("0.10")],
    "on": [None, datetime.date(2026, 11, 30)],
    "floats": [0.1, 1e-07, 1e21, 123456789.123456789],
    "big": [2**70, -(2**63)],
    AWKWARD_TEXT: [AWKWARD_TEXT, ""],
    "": [[], {}],
}


def _record(ip_address, **fields):
    token = set_origin(Origin(request_id="req-1", ip_address=ip_address))
    try:
        with transaction.atomic():
            return recorder.record(**fields)
    finally:
        reset_origin(token)


def _rows_of(events):
    return {row[0]: row for batch in _rows(_event_rows(events), 2) for row in batch}


def test_the_row_text_is_the_canonical_text_of_awkward_events():
    province = Province()
    result = province.result()
    recorded = [
        _record(
            "2001:db8::1",
            case=result,
            action="x.awkward",
            actor=province.dept_head,
            agency=province.department,
            changes=AWKWARD_CHANGES,
            comment=AWKWARD_TEXT,
        ),
        _record("::ffff:10.0.0.1", case="test:một", action="x.nobody", changes={}),
        _record(None, case="test:một", action=AWKWARD_TEXT, comment=""),
        _record("192.168.1.20", case=result, action="x.empty"),
    ]
    rows = _rows_of(Event.objects.filter(pk__in=[event.pk for event in recorded]))
    assert len(rows) == len(recorded)
    for event in Event.objects.filter(pk__in=rows):
        assert canonical_row(rows[event.pk]) == canonical(event)


def test_the_canonical_text_of_every_event_of_a_real_history_is_the_same():
    province = Province()
    drive(Actors(province), province.result(), *TO_DECIDED)
    rows = _rows_of(Event.objects.all())
    assert len(rows) >= 7
    for event in Event.objects.all():
        assert canonical_row(rows[event.pk]) == canonical(event)


def test_a_value_the_schema_cannot_hold_takes_the_general_way():
    """NULL where the table has NOT NULL (someone altered it): the same text as canonical() gives, not an error."""
    occurred_at = datetime.datetime(2026, 11, 30, 7, 1, 2, 3, tzinfo=datetime.timezone.utc)
    values = dict.fromkeys(ROW_FIELDS, "")
    values.update(
        id=1,
        case_key="c:1",
        seq=1,
        occurred_at=occurred_at,
        actor_id=None,
        agency_id=None,
        changes=None,
        comment=None,
        ip_address=None,
    )
    row = tuple(values[name] for name in ROW_FIELDS)
    assert canonical_row(row) == canonical(SimpleNamespace(**values))
    assert '"changes":null' in canonical_row(row) and '"comment":null' in canonical_row(row)
    values.update(actor_id="7", changes='{"b": 1, "a": 2}', comment="")  # a column retyped: still canonical()'s text
    row = tuple(values[name] for name in ROW_FIELDS)
    assert canonical_row(row) == canonical(SimpleNamespace(**{**values, "changes": {"b": 1, "a": 2}}))
    assert '"actor_id":"7"' in canonical_row(row)
