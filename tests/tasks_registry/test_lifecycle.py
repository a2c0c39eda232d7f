"""Every legal step of DOMAIN.md fires from every state it is legal in; every other step is refused."""

import pytest

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import STEPS, Status
from tests.factories import Province

from .driver import EXPECTED, SETTLED, TRACKS, Actors, drive, expected_target
from .states import REACH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_workflows")]


def test_every_state_is_reachable_and_every_step_is_specified():
    assert set(REACH) == set(Status.values)
    assert set(EXPECTED) | set(TRACKS) == set(STEPS)
    assert not set(EXPECTED) & set(TRACKS)


def _result_in(state, province):
    approval, retains, path = REACH[state]
    result = province.result(approval, state_retains_rights=retains)
    result = drive(Actors(province), result, *path)
    assert result.status == state
    return result


def _events(result):
    return list(Event.objects.filter(case_key=case_key_for(result)).order_by("seq"))


LEGAL = sorted(
    (state, step)
    for state, (approval, retains, path) in REACH.items()
    for step, (sources, _) in EXPECTED.items()
    if state in sources
    # Closing a settled result needs a transfer declined (or nobody holding it), and a transferred one waits for the
    # application report: tests below.
    and not (step == "close" and (state in SETTLED or state == Status.TRANSFERRED))
    # Legal only once the host's 60 days were found lapsed: tests/workflows/test_asset_route.py.
    and step != "record_asset_report_lapse"
)


@pytest.mark.parametrize(("state", "step"), LEGAL)
def test_legal_step_moves_the_result_and_records_who_did_it(state, step):
    province = Province()
    result = _result_in(state, province)
    expected = expected_target(step, result)
    events_before = len(_events(result))

    result = Actors(province).call(step, result)

    result.refresh_from_db()
    assert result.status == expected
    events = _events(result)
    assert len(events) == events_before + 1
    last = events[-1]
    assert last.action == f"result.{step}"
    # A step that opens a transfer or a support leaves the result's state as it was.
    assert last.changes.get("status") == ([state, expected] if expected != state else None)
    assert last.actor_id is not None and last.agency_id is not None


@pytest.mark.parametrize("state", sorted(Status.values))
def test_every_illegal_step_is_refused_and_changes_nothing(state):
    province = Province()
    result = _result_in(state, province)
    actors = Actors(province)
    events_before = len(_events(result))
    refused = 0
    for step in STEPS:
        if expected_target(step, result) is not None:
            continue
        with pytest.raises(ServiceError) as error:
            actors.call(step, result)
        assert str(error.value), f"{step} from {state} gave no message"
        result.refresh_from_db()
        assert result.status == state, f"{step} moved {state}"
        refused += 1
    assert len(_events(result)) == events_before
    # At most: offer a transfer, apply it oneself, ask for support, close, and a step of the waiting transfer.
    assert refused >= len(STEPS) - 6


def test_terminal_states_accept_no_step():
    for state in (Status.NOT_ACCEPTED, Status.CLOSED):
        assert all(state not in sources for sources, _ in EXPECTED.values())


def test_a_decision_that_leaves_no_holder_can_only_be_closed():
    from tasks_registry.lifecycle import OwnershipOutcome

    province = Province()
    approval, retains, path = REACH[Status.OWNERSHIP_DECIDED]
    actors = Actors(province, outcome=OwnershipOutcome.OTHER_DISPOSAL)
    result = drive(actors, province.result(approval), *path)
    assert result.ownership_holder is None
    for step in ("offer_transfer", "report_own_application"):
        with pytest.raises(ServiceError):
            actors.call(step, result)
    assert actors.call("close", result).status == Status.CLOSED


def test_a_decision_with_a_holder_cannot_be_closed_before_transfer_or_application():
    province = Province()
    result = _result_in(Status.OWNERSHIP_DECIDED, province)
    assert result.ownership_holder == province.host
    with pytest.raises(ServiceError):
        Actors(province).call("close", result)
    result.refresh_from_db()
    assert result.status == Status.OWNERSHIP_DECIDED
