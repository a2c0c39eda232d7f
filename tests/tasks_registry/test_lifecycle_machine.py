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

from .driver import Actors, expected_target

_provinces = itertools.count(1)
BOUNDARY = datetime.date(2025, 10, 1)
APPROVALS = [datetime.date(2019, 6, 1), BOUNDARY - datetime.timedelta(days=1), BOUNDARY, datetime.date(2026, 2, 1)]
OUTCOMES = [
    OwnershipOutcome.USE_RIGHTS_STATE_ASSET,
    OwnershipOutcome.STATE_CAPITAL,
    OwnershipOutcome.HOST_WITH_REPAYMENT,
    OwnershipOutcome.OTHER_DISPOSAL,
]
TRANSFER_OR_LATER = {
    Status.TRANSFER_OFFERED,
    Status.TRANSFER_DECLINED,
    Status.TRANSFERRED,
    Status.APPLIED,
    Status.SUPPORT_REQUESTED,
    Status.SUPPORT_RETURNED,
    Status.SUPPORT_APPRAISED,
    Status.SUPPORT_GRANTED,
    Status.SUPPORT_REFUSED,
    Status.SUPPORTED,
}
SUPPORT_STATES = TRANSFER_OR_LATER - {
    Status.TRANSFER_OFFERED,
    Status.TRANSFER_DECLINED,
    Status.TRANSFERRED,
    Status.APPLIED,
}


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
    def no_support_before_application(self):
        if hasattr(self, "result") and self.result.status in SUPPORT_STATES:
            assert Status.APPLIED in self.visited

    def teardown(self):
        if hasattr(self, "result"):
            assert verify(case_key_for(self.result)).ok


@pytest.mark.django_db
@pytest.mark.usefixtures("without_workflows")  # the registry's own rules: no queue is part of them
def test_random_walks_keep_the_invariants():
    run_state_machine_as_test(Lifecycle)  # as many walks as the profile says (tests/conftest.py)
