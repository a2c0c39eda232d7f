"""What an attacker holding the database can do, and how `verify_audit` still reports it.

The owner role (or a superuser) can switch the triggers off and change anything in the database. It cannot sign an
event (the HMAC key is not in the database) and it cannot change a checkpoint already written outside the database.
Each attack here is done as the owner (tests/audit/tamper.py), then `verify_audit` runs as the application.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from psycopg.types.json import Jsonb

from audit import checkpoints
from audit.chain import GENESIS_HASH, link_hash
from audit.models import Event
from audit.recorder import case_key_for
from tests.audit.tamper import as_owner, behind_the_logs_back
from tests.factories import Province
from tests.tasks_registry.driver import TO_SUBMITTED, Actors, drive

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COLUMNS = (
    "case_key",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "agency_id",
    "agency_name",
    "action",
    "object_type",
    "object_id",
    "changes",
    "comment",
    "request_id",
    "ip_address",
    "prev_hash",
    "hash",
    "hmac_key_id",
    "hmac",
)


@pytest.fixture
def history():
    """Two cases (7 and 2 events) and a checkpoint of both, written by `manage.py audit_checkpoint`."""
    province = Province()
    long = case_key_for(drive(Actors(province), province.result(), *TO_SUBMITTED))
    short = case_key_for(drive(Actors(province), province.result(), "accept"))
    call_command("audit_checkpoint", stdout=StringIO())
    return long, short


def _verify():
    out = StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        return False, out.getvalue(), str(error)
    return True, out.getvalue(), ""


def _insert_as_owner(event):
    values = [getattr(event, column) for column in COLUMNS]
    values[COLUMNS.index("changes")] = Jsonb(event.changes)
    behind_the_logs_back(
        f"INSERT INTO audit_event ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})", values
    )
    behind_the_logs_back(
        "UPDATE audit_chainhead SET length = %s, last_hash = %s WHERE case_key = %s",
        [event.seq, event.hash, event.case_key],
    )


def _rehash_chain_as_owner(case, change):
    """Rewrite every event of a chain with `change` and re-link it with sha256, as anyone can (no key needed)."""
    prev = GENESIS_HASH
    for event in Event.objects.filter(case_key=case).order_by("seq"):
        change(event)
        event.prev_hash, event.hash = prev, link_hash(prev, event)
        behind_the_logs_back(
            "UPDATE audit_event SET comment = %s, actor_name = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.comment, event.actor_name, event.prev_hash, event.hash, event.pk],
        )
        prev = event.hash
    behind_the_logs_back("UPDATE audit_chainhead SET last_hash = %s WHERE case_key = %s", [prev, case])


def test_an_intact_log_verifies_against_its_checkpoint(history):
    ok, out, _ = _verify()
    assert ok
    assert "(2 chains, 9 events, key dev): signature valid" in out
    assert "2 chains checked, 9 events checked, 0 broken" in out


def test_an_event_appended_with_a_correct_sha256_but_no_valid_hmac_is_reported(history):
    long, _ = history
    last = Event.objects.get(case_key=long, seq=7)
    forged = Event.objects.get(case_key=long, seq=7)
    forged.pk, forged.seq, forged.prev_hash = None, 8, last.hash
    forged.action, forged.comment = "result.ownership_decided", "quyết định giả"
    forged.hash = link_hash(forged.prev_hash, forged)  # a perfect sha256 link
    forged.hmac = "0" * 64  # but the key is not in the database
    _insert_as_owner(forged)
    ok, out, summary = _verify()
    assert not ok
    forged_id = Event.objects.get(case_key=long, seq=8).pk
    assert f"BROKEN {long} at #8 (event id {forged_id}): HMAC signature does not match" in out
    assert "1 broken" in summary


def test_an_appended_event_without_any_signature_is_reported(history):
    long, _ = history
    forged = Event.objects.get(case_key=long, seq=7)
    forged.pk, forged.seq, forged.prev_hash = None, 8, forged.hash
    forged.hmac_key_id = forged.hmac = ""
    forged.hash = link_hash(forged.prev_hash, forged)
    _insert_as_owner(forged)
    ok, out, _ = _verify()
    assert not ok
    assert f"BROKEN {long} at #8" in out and "no HMAC signature" in out


def test_a_tail_cut_off_with_the_chain_head_adjusted_is_reported_against_the_checkpoint(history):
    long, _ = history
    fifth = Event.objects.get(case_key=long, seq=5)
    behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s AND seq > 5", [long])
    behind_the_logs_back(
        "UPDATE audit_chainhead SET length = 5, last_hash = %s WHERE case_key = %s", [fifth.hash, long]
    )
    ok, out, summary = _verify()
    assert not ok
    assert f"BROKEN {long} at #6 (no event): events missing from the end: the checkpoint of" in out
    assert "has 7 events, the log 5" in out
    assert "1 broken" in summary


def test_a_chain_rewritten_and_rehashed_with_sha256_is_reported(history):
    long, short = history
    first = Event.objects.get(case_key=long, seq=1)

    def change(event):
        if event.seq == 1:
            event.actor_name = "Người khác"

    _rehash_chain_as_owner(long, change)
    ok, out, summary = _verify()
    assert not ok
    assert f"BROKEN {long} at #1 (event id {first.pk}): HMAC signature does not match" in out
    assert short not in out
    assert "1 broken" in summary


def test_a_rewritten_chain_with_its_old_signatures_copied_back_still_differs_from_the_checkpoint(history):
    """Even were the HMAC check beaten, the checkpoint (a hash outside the database) names the rewrite."""
    from audit.verification import _against_checkpoint

    long, _ = history
    _rehash_chain_as_owner(long, lambda event: setattr(event, "comment", event.comment + " (sửa)"))
    checkpoint = checkpoints.latest()
    events = list(Event.objects.filter(case_key=long).order_by("seq"))
    broken = _against_checkpoint(long, events, checkpoint.chains[long], checkpoint)
    assert broken.seq == 7 and broken.reason.startswith("chain rewritten since the checkpoint of")


def test_an_emptied_log_is_reported_chain_by_chain_and_not_as_zero_chains(history):
    long, short = history
    with as_owner() as conn, conn.transaction():
        conn.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        conn.execute("TRUNCATE audit_event, audit_chainhead")
        conn.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
    assert not Event.objects.exists()
    ok, out, summary = _verify()
    assert not ok
    assert "0 chains" not in summary
    assert summary == "2 chains checked, 0 events checked, 2 broken"
    name = checkpoints.latest().name
    assert f"BROKEN {long} at #1 (no event): all events of the chain are missing (the checkpoint {name} has 7)" in out
    assert f"BROKEN {short} at #1 (no event): all events of the chain are missing (the checkpoint {name} has 2)" in out


def test_a_checkpoint_forged_without_the_key_is_reported(history, settings):
    # The attacker writes a newer checkpoint that matches a cut log, signed with a key of their own.
    long, _ = history
    genuine = settings.AUDIT_HMAC_KEYS
    settings.AUDIT_HMAC_KEYS = {"dev": "the attacker's own key, not the audit key"}
    checkpoints.write()
    settings.AUDIT_HMAC_KEYS = genuine
    ok, out, _ = _verify()
    assert not ok
    assert "BROKEN checkpoint at #0 (no event): checkpoint-" in out
    assert "checkpoint signature does not match (forged or altered)" in out


def test_checkpoints_are_new_read_only_files_and_verification_uses_the_latest(history, settings):
    long, _ = history
    first = checkpoints.latest()
    length = Event.objects.filter(case_key=long).count()
    call_command("audit_checkpoint", stdout=StringIO())
    files = checkpoints.files()
    assert len(files) == 2 and files[0] == first.path
    assert all(oct(path.stat().st_mode & 0o777) == "0o440" for path in files)
    assert checkpoints.latest().path == files[1] and checkpoints.latest().chains[long] == (
        length,
        first.chains[long][1],
    )
