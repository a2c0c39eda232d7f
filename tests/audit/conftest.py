"""Fixtures of the verification tests: six intact cases with a checkpoint, and a count of the times the check went to
worker processes (so that a test of the parallel path cannot quietly stay in one process)."""

from io import StringIO

import pytest
from django.core.management import call_command

from audit import verification
from audit.recorder import case_key_for
from tests.factories import Province
from tests.tasks_registry.driver import TO_SUBMITTED, Actors, drive


@pytest.fixture
def processes_used(monkeypatch):
    """How many times the verification went to worker processes (and did not quietly stay in this one)."""
    calls = []
    original = verification._verify_in_processes

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(verification, "_verify_in_processes", counted)
    return calls


@pytest.fixture
def cases():
    """Six results with seven events each, and a checkpoint of them all."""
    province = Province()
    keys = [case_key_for(drive(Actors(province), province.result(), *TO_SUBMITTED)) for _ in range(6)]
    call_command("audit_checkpoint", stdout=StringIO())
    return keys
