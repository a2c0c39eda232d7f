"""The verifier's fast path (audit/verification.py `_walk`, audit/chain.py `_changes_text`): each event's link,
hash and HMAC compared inline, the canonical text of `changes` kept for texts already seen, the rows streamed by
chunks. Whatever it skips must still be found, named as before, in this process and in worker processes."""

import json
from dataclasses import asdict

import pytest
from django.db import connection

from audit import chain, verification
from audit.chain import link_hash
from audit.models import Event
from audit.verification import verify
from tests.audit.tamper import behind_the_logs_back

# Worker processes see committed rows only (the tampering is committed too).
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _rehash(event):
    """Store the event's columns as they are now with a correct sha256 (anyone can), its HMAC left as it was."""
    event.hash = link_hash(event.prev_hash, event)
    behind_the_logs_back(
        "UPDATE audit_event SET comment = %s, hmac = %s, hmac_key_id = %s, hash = %s WHERE id = %s",
        [event.comment, event.hmac, event.hmac_key_id, event.hash, event.pk],
    )


@committed
def test_each_way_an_hmac_can_fail_is_named_the_same_by_worker_processes(cases, processes_used):
    forged, unsigned, unknown_key, not_ascii, same_changes, _intact = cases
    event = Event.objects.get(case_key=forged, seq=3)
    event.comment, event.hmac = "sửa và băm lại", "0" * 64
    _rehash(event)
    event = Event.objects.get(case_key=unsigned, seq=2)
    event.hmac, event.hmac_key_id = "", ""
    _rehash(event)
    event = Event.objects.get(case_key=unknown_key, seq=5)
    event.hmac_key_id = "stolen"
    _rehash(event)
    event = Event.objects.get(case_key=not_ascii, seq=4)
    event.hmac = "đ" * 64
    _rehash(event)
    # An event's changes replaced by those of an earlier event of its chain, whose canonical text is then kept.
    first, sixth = (Event.objects.get(case_key=same_changes, seq=seq) for seq in (1, 6))
    assert first.changes != sixth.changes
    behind_the_logs_back(
        "UPDATE audit_event SET changes = (SELECT changes FROM audit_event WHERE id = %s) WHERE id = %s",
        [first.pk, sixth.pk],
    )
    serial, parallel = verify(workers=1), verify(workers=2)
    assert processes_used
    assert [asdict(link) for link in parallel.broken] == [asdict(link) for link in serial.broken]
    assert (parallel.chains_checked, parallel.events_checked) == (serial.chains_checked, serial.events_checked)
    named = {link.case_key: (link.seq, link.reason) for link in parallel.broken}
    assert named == {
        forged: (3, "HMAC signature does not match (forged or altered without the audit key)"),
        unsigned: (2, "no HMAC signature (written without the audit key)"),
        unknown_key: (5, "signed with an unknown key (stolen)"),
        not_ascii: (4, "HMAC signature does not match (forged or altered without the audit key)"),
        same_changes: (6, "content does not match its hash (altered)"),
    }


def test_the_kept_changes_texts_are_json_dumps_and_stay_few(monkeypatch):
    monkeypatch.setattr(chain, "_CHANGES_SEEN", {})
    monkeypatch.setattr(chain, "_CHANGES_KEPT", 3)
    values = [{"b": [None, n], "a": "ư"} for n in range(10)]
    for value in values * 2:
        text = json.dumps(value, ensure_ascii=False)  # the database's spacing and key order, not the canonical ones
        assert chain._changes_text(text) == json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert len(chain._CHANGES_SEEN) <= 3


@pytest.mark.parametrize("text", ['{"a": 1}', ' {"a": 1} ', '{"a": 1}x', "\ufeff{}", "[1, 2", "", "NaN", '"x"'])
def test_the_changes_are_decoded_as_json_loads_decodes_them(text):
    try:
        expected = json.loads(text)
    except ValueError as error:
        with pytest.raises(type(error)):
            chain._decoded(text)
    else:
        assert repr(chain._decoded(text)) == repr(expected)  # NaN is not equal to itself


@committed
def test_a_stream_given_up_half_way_leaves_the_connection_usable(cases):
    rows = verification._rows(verification._event_rows(Event.objects.all()), 5)
    assert len(next(rows)) == 5
    rows.close()
    assert Event.objects.count() == 42
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
