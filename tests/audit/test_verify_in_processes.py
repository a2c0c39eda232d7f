"""`verify_audit --workers N` checks ranges of chains in N processes: it must find what one process finds, named
the same way and in the same order, on an intact log and on one tampered with in several chains at once."""

from dataclasses import asdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from audit.models import Event
from audit.verification import verify
from tests.audit.builders import events_for
from tests.audit.tamper import behind_the_logs_back
from tests.factories import Province

# Worker processes have their own connections: they see committed rows only (tampering is committed too).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _same(serial, parallel):
    assert parallel.chains_checked == serial.chains_checked
    assert parallel.events_checked == serial.events_checked
    assert parallel.chain_keys == serial.chain_keys
    assert [asdict(link) for link in parallel.broken] == [asdict(link) for link in serial.broken]


def _tamper(keys):
    altered, gap, cut, emptied, rewound, _intact = keys
    behind_the_logs_back("UPDATE audit_event SET comment = 'sửa lén' WHERE case_key = %s AND seq = 4", [altered])
    behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s AND seq = 2", [gap])
    behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s AND seq = 7", [cut])
    behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s", [emptied])
    fifth = Event.objects.get(case_key=rewound, seq=5)
    behind_the_logs_back("DELETE FROM audit_event WHERE case_key = %s AND seq > 5", [rewound])
    behind_the_logs_back(
        "UPDATE audit_chainhead SET length = 5, last_hash = %s WHERE case_key = %s", [fifth.hash, rewound]
    )


def test_an_intact_log_gives_the_same_counts_in_two_processes(cases, processes_used):
    serial = verify(workers=1)
    parallel = verify(workers=2)
    assert processes_used
    assert parallel.ok and serial.ok
    _same(serial, parallel)
    assert parallel.chains_checked >= 6 and parallel.events_checked >= 42


def test_tampering_in_several_chains_is_found_the_same_in_two_processes(cases, processes_used):
    altered, gap, cut, emptied, rewound, intact = cases
    _tamper(cases)
    serial = verify(workers=1)
    parallel = verify(workers=2)
    assert processes_used
    _same(serial, parallel)
    named = {link.case_key: (link.seq, link.reason) for link in parallel.broken}
    assert set(named) == {altered, gap, cut, emptied, rewound}
    assert named[altered] == (4, "content does not match its hash (altered)")
    assert named[gap][0] == 2 and named[gap][1].startswith("missing event")
    assert named[cut] == (7, "events missing from the end of the chain")
    assert named[emptied][0] == 1 and named[emptied][1].startswith("all events of the chain are missing")
    assert named[rewound][0] == 6 and "the checkpoint of" in named[rewound][1]
    assert intact in parallel.chain_keys


def test_more_workers_than_chains_still_checks_each_chain_once(cases):
    _tamper(cases)
    serial = verify(workers=1)
    _same(serial, verify(workers=16))


def _command(*args):
    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def test_the_command_with_two_workers_names_the_broken_links_as_one_process_does(cases, processes_used):
    altered = cases[0]
    _tamper(cases)
    serial_out, serial_summary = _command("--workers", "1")
    parallel_out, parallel_summary = _command("--workers", "2")
    assert processes_used
    event = Event.objects.get(case_key=altered, seq=4)
    assert f"BROKEN {altered} at #4 (event id {event.pk}): content does not match its hash (altered)" in parallel_out
    assert parallel_out == serial_out
    assert parallel_summary == serial_summary and "5 broken" in parallel_summary


def test_the_command_refuses_zero_workers(cases):
    with pytest.raises(CommandError, match="--workers"):
        call_command("verify_audit", "--workers", "0", stdout=StringIO())


def test_inside_a_transaction_the_check_stays_in_this_process_and_sees_its_own_events(cases, processes_used):
    """Worker processes could not see rows this transaction has not committed."""
    province = Province("T")
    with transaction.atomic():
        events_for(province.department, 3)
        serial, parallel = verify(workers=1), verify(workers=2)
    assert not processes_used
    _same(serial, parallel)
    assert parallel.ok and parallel.events_checked >= 42 + 3
