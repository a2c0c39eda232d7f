"""Random walks through the lifecycle: whatever people try, in whatever order, the invariants hold."""

import datetime
import itertools

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from audit.models import Event
from audit.recorder import case_key_for
from audit.verification import verify
from tasks_registry import services
from tasks_registry.errors import ServiceError
from tasks_registry.lifecycle import STEPS, HostKind, OwnershipOutcome, Status
from tasks_registry.models import Agency
from tests.factories import Province

from .driver import TRACKS, Actors, expected_target

_provinces = itertools.count(1)
BOUNDARY = datetime.date(2025, 10, 1)
APPROVALS = [datetime.date(2019, 6, 1), BOUNDARY - datetime.timedelta(days=1), BOUNDARY, datetime.date(2026, 2, 1)]
OUTCOMES = [
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET,
    OwnershipOutcome.STATE_CAPITAL,
    OwnershipOutcome.HOST_WITH_REPAYMENT,
    OwnershipOutcome.OTHER_DISPOSAL,
]
# Once ownership is settled: only then may a result be offered or applied.
TRANSFER_OR_LATER = {Status.TRANSFERRED, Status.APPLIED}
NOT_RECOGNISED = {Status.ACCEPTANCE_SUBMITTED, Status.ACCEPTANCE_RETURNED, Status.NOT_ACCEPTED}


class Lifecycle(RuleBasedStateMachine):
    @initialize(
        approval=st.sampled_from(APPROVALS),
        retained=st.booleans(),
        outcome=st.sampled_from(OUTCOMES),
        host_kind=st.sampled_from(["", *HostKind.values]),
    )
    def file_a_result(self, approval, retained, outcome, host_kind):
        self.province = Province(f"H{next(_provinces)}")
        # The host's kind of body decides which outcomes the authority may choose (Decree 70/2018).
        Agency.objects.filter(pk=self.province.host.pk).update(host_kind=host_kind)
        self.actors = Actors(self.province, outcome=outcome)
        self.result = self.province.result(approval, state_retains_rights=retained)
        self.steps_taken = 1
        self.visited = {self.result.status}

    @rule(step=st.sampled_from(sorted(STEPS)))
    def someone_tries_any_step(self, step):
        self.someone_tries(step)

    def someone_tries(self, step):
        self.result.refresh_from_db()
        before = self.result.status
        expected = expected_target(step, self.result, self.actors.decision_outcome(self.result))
        if expected is None:
            with pytest.raises(ServiceError):
                self.actors.call(step, self.result)
            self.result.refresh_from_db()
            assert self.result.status == before
        else:
            self.result = self.actors.call(step, self.result)
            assert self.result.status == expected
            self.steps_taken += 1
            self.visited.add(expected)

    @rule(data=st.data())
    def someone_takes_a_legal_step(self, data):
        self.result.refresh_from_db()
        outcome = self.actors.decision_outcome(self.result)
        legal = sorted(step for step in STEPS if expected_target(step, self.result, outcome) is not None)
        if legal:
            self.someone_tries(data.draw(st.sampled_from(legal)))

    @rule(data=st.data())
    def someone_acts_on_one_of_several_transfers_or_supports(self, data):
        """With several transfers or supports under way, the one acted on moves and the others stay."""
        self.result.refresh_from_db()
        waiting = [
            (step, record)
            for step, (kind, sources, _target, _advances) in sorted(TRACKS.items())
            for record in (self.result.transfers if kind == "transfer" else self.result.supports).filter(
                status__in=sources
            )
        ]
        if not waiting:
            return
        step, record = data.draw(st.sampled_from(waiting))
        others = {
            (type(other), other.pk): other.status
            for other in [*self.result.transfers.all(), *self.result.supports.all()]
            if (type(other), other.pk) != (type(record), record.pk)
        }
        _kind, _sources, target, advances = TRACKS[step]
        before = self.result.status
        self.result = self.actors.call(step, self.result, subject=record)
        record.refresh_from_db()
        assert record.status == target
        assert self.result.status == (advances[1] if advances and before in advances[0] else before)
        after = {
            (type(other), other.pk): other.status
            for other in [*self.result.transfers.all(), *self.result.supports.all()]
            if (type(other), other.pk) != (type(record), record.pk)
        }
        assert after == others
        self.steps_taken += 1
        self.visited.add(self.result.status)

    @rule()
    def the_hosts_sixty_days_pass(self):
        """Decree 70/2018: time passes; a registered result whose host neither applied nor reported the asset is
        found lapsed (one event), anything else is left alone (no event)."""
        self.result.refresh_from_db()
        before = self.result.asset_report_overdue_on
        today = datetime.date.today()
        result = services.note_asset_report_overdue(self.result, due_on=today - datetime.timedelta(days=1))
        lapses = self.result.status == Status.REGISTERED and before is None and not self.result.regime.ownership_by_law
        assert (result.asset_report_overdue_on is not None and before is None) == lapses
        self.steps_taken += lapses

    @invariant()
    def one_event_per_step_taken(self):
        if hasattr(self, "result"):
            assert Event.objects.filter(case_key=case_key_for(self.result)).count() == self.steps_taken

    @invariant()
    def no_transfer_before_ownership_is_settled(self):
        if hasattr(self, "result") and self.result.status in TRANSFER_OR_LATER:
            assert self.result.ownership_holder_id is not None
            assert self.result.ownership_outcome

    @invariant()
    def no_transfer_or_support_before_its_time(self):
        """Offers only once ownership is settled, support only once the result is recognised, and the result says
        how far its transfers came: transferred once one was confirmed, applied once one was applied."""
        if not hasattr(self, "result"):
            return
        result = self.result
        transfers = set(result.transfers.values_list("status", flat=True))
        if transfers:
            assert result.ownership_holder_id is not None
        if result.supports.exists():
            assert result.status not in NOT_RECOGNISED
        if "applied" in transfers:
            assert result.status in (Status.APPLIED, Status.CLOSED)
        elif "confirmed" in transfers:
            assert result.status in (Status.TRANSFERRED, Status.APPLIED)

    @invariant()
    def nothing_under_way_once_closed(self):
        if hasattr(self, "result") and self.result.status == Status.CLOSED:
            assert not self.result.transfers.filter(status__in=("offered", "confirmed")).exists()
            assert not self.result.supports.filter(
                status__in=("requested", "returned", "appraised", "granted")
            ).exists()

    def teardown(self):
        if hasattr(self, "result"):
            assert verify(case_key_for(self.result)).ok


@pytest.mark.django_db
@pytest.mark.usefixtures("without_workflows")  # the registry's own rules: no queue is part of them
def test_random_walks_keep_the_invariants():
    run_state_machine_as_test(Lifecycle)  # as many walks as the profile says (tests/conftest.py)
