"""`manage.py verify_audit` recomputes every chain and names the first broken link."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import Event
from audit.recorder import case_key_for
from tests.audit.tamper import behind_the_logs_back as _behind_the_logs_back
from tests.factories import Province
from tests.tasks_registry.driver import TO_SUBMITTED, Actors, drive

# The tampering is done by the owner role on committed rows (tests/audit/tamper.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def history():
    province = Province()
    tampered = drive(Actors(province), province.result(), *TO_SUBMITTED)
    untouched = drive(Actors(province), province.result(), "accept")
    return case_key_for(tampered), case_key_for(untouched)


def _verify(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue(), str(error)
    return True, out.getvalue(), ""


def test_an_intact_log_verifies(history):
    ok, out, _ = _verify()
    assert ok
    assert "2 chains checked, 9 events checked, 0 broken" in out


def test_a_changed_comment_is_found_and_named(history):
    case, _ = history
    event = Event.objects.get(case_key=case, seq=4)
    _behind_the_logs_back("UPDATE audit_event SET comment = %s WHERE id = %s", ["đã sửa", event.pk])
    ok, out, summary = _verify()
    assert not ok
    assert f"BROKEN {case} at #4 (event id {event.pk})" in out
    assert "altered" in out
    assert "1 broken" in summary


def test_a_changed_actor_is_found_even_when_the_hash_is_recomputed_for_that_row(history):
    from audit.chain import link_hash

    case, _ = history
    event = Event.objects.get(case_key=case, seq=3)
    event.actor_name = "người khác"
    forged = link_hash(event.prev_hash, event)
    _behind_the_logs_back(
        "UPDATE audit_event SET actor_name = %s, hash = %s WHERE id = %s", ["người khác", forged, event.pk]
    )
    ok, out, _ = _verify()
    assert not ok
    # The forged row is self-consistent as a sha256 link, but its HMAC needs the key the database does not hold.
    assert f"BROKEN {case} at #3 (event id {event.pk})" in out
    assert "HMAC signature does not match" in out


def test_a_deleted_event_in_the_middle_is_found(history):
    case, _ = history
    _behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s AND seq = 2", [case])
    ok, out, _ = _verify()
    assert not ok
    assert f"BROKEN {case} at #2" in out
    assert "missing" in out


def test_a_deleted_last_event_is_found(history):
    case, _ = history
    _behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s AND seq = 7", [case])
    ok, out, _ = _verify()
    assert not ok
    assert f"BROKEN {case} at #7" in out


def test_one_case_can_be_verified_alone(history):
    tampered, untouched = history
    _behind_the_logs_back("UPDATE audit_event SET comment = 'x' WHERE case_key = %s AND seq = 1", [tampered])
    ok, out, _ = _verify("--case", untouched)
    assert ok
    assert "1 chains checked, 2 events checked, 0 broken" in out
    ok, _, _ = _verify("--case", tampered)
    assert not ok


def test_verifying_an_empty_set_of_chains_reports_nothing_instead_of_failing():
    # The API's verification for a person granted no chain asks for `case_keys=[]`: a query that matches nothing.
    from audit.verification import verify

    report = verify(case_keys=[])
    assert report.ok
    assert (report.chains_checked, report.events_checked, report.broken) == (0, 0, [])
