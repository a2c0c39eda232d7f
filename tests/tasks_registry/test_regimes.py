"""The task's approval date picks the legal regime; the boundary is data an administrator can move."""

import datetime

import pytest

from tasks_registry.errors import InvalidInput, StepNotAllowed
from tasks_registry.lifecycle import OwnershipOutcome, Status
from tasks_registry.models import LegalRegime
from tests.factories import Province

from .driver import Actors, drive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_workflows")]

BOUNDARY = datetime.date(2025, 10, 1)


@pytest.mark.parametrize(
    ("approval", "retained", "state", "outcome"),
    [
        (BOUNDARY - datetime.timedelta(days=1), False, Status.REGISTERED, ""),
        (BOUNDARY, False, Status.OWNERSHIP_BY_LAW, OwnershipOutcome.BY_LAW),
        (BOUNDARY + datetime.timedelta(days=1), False, Status.OWNERSHIP_BY_LAW, OwnershipOutcome.BY_LAW),
        (BOUNDARY, True, Status.OWNERSHIP_RETAINED_BY_STATE, OwnershipOutcome.RETAINED_BY_STATE),
        (BOUNDARY - datetime.timedelta(days=1), True, Status.REGISTERED, ""),
    ],
)
def test_registration_follows_the_regime_of_the_approval_date(approval, retained, state, outcome):
    province = Province()
    result = province.registered(approval, state_retains_rights=retained)
    assert result.status == state
    assert result.ownership_outcome == outcome
    assert result.regime == LegalRegime.objects.for_date(approval)


def test_new_regime_owner_is_the_host_and_retained_rights_stay_with_the_managing_agency():
    province = Province()
    by_law = province.registered(BOUNDARY)
    retained = province.registered(BOUNDARY, state_retains_rights=True)
    assert by_law.ownership_holder == province.host
    assert retained.ownership_holder == province.department


def test_new_regime_results_never_go_through_the_application_route():
    province = Province()
    result = province.registered(BOUNDARY)
    for step in ("apply_for_ownership", "decline_ownership", "decide_ownership"):
        with pytest.raises(StepNotAllowed):
            Actors(province).call(step, result)


def test_moving_the_boundary_in_the_data_moves_new_registrations_but_not_recorded_ones():
    province = Province()
    day = datetime.date(2025, 9, 15)
    before_move = province.registered(day)
    assert before_move.status == Status.REGISTERED

    LegalRegime.objects.filter(ownership_by_law=True).update(effective_from=datetime.date(2025, 9, 1))
    after_move = province.registered(day)

    assert after_move.status == Status.OWNERSHIP_BY_LAW
    before_move.refresh_from_db()
    assert before_move.status == Status.REGISTERED
    assert not before_move.regime.ownership_by_law


def test_registration_without_a_regime_in_force_is_refused_with_a_message():
    province = Province()
    result = province.accepted(datetime.date(1999, 5, 1))  # before the 2000 S&T law took effect
    Actors(province).call("submit_registration", result)
    with pytest.raises(InvalidInput, match="chế độ pháp lý"):
        Actors(province).call("register", result)
    result.refresh_from_db()
    assert result.status == Status.REGISTRATION_SUBMITTED


def test_a_result_of_a_task_approved_before_2014_is_registered_under_the_2000_law_and_applies_for_rights():
    """Issue 15: results of tasks approved before 01/01/2014 can be registered; ownership is then settled on the
    rights route (the 2000 S&T law has no ownership by law)."""
    province = Province()
    result = province.accepted(datetime.date(2012, 5, 1))
    result = drive(Actors(province), result, "submit_registration", "register")
    assert result.status == Status.REGISTERED
    assert result.regime.code == "luat-khcn-2000"
    assert not result.regime.ownership_by_law
    result = drive(Actors(province), result, "apply_for_ownership")
    assert result.status == Status.OWNERSHIP_REQUESTED


@pytest.mark.parametrize(
    ("path_end", "outcome", "allowed"),
    [
        ("appraise_ownership", OwnershipOutcome.HOST_WITH_REPAYMENT, True),
        # The test province's host is a public university: state capital is for wholly state-owned enterprises.
        ("appraise_ownership", OwnershipOutcome.STATE_CAPITAL, False),
        ("appraise_ownership", OwnershipOutcome.USE_RIGHTS_STATE_ASSET, True),
        ("appraise_ownership", OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT, False),
        ("appraise_ownership", OwnershipOutcome.BY_LAW, False),
        ("decline_ownership", OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT, True),
        ("decline_ownership", OwnershipOutcome.HOST_WITH_REPAYMENT, False),
    ],
)
def test_decree_70_outcomes_depend_on_whether_the_host_applied(path_end, outcome, allowed):
    from tasks_registry import services
    from tests.factories import make_agency

    province = Province()
    result = province.registered()
    actors = Actors(province)
    if path_end == "appraise_ownership":
        actors.call("apply_for_ownership", result)
    actors.call(path_end, result)
    actors.call("submit_ownership_decision", result)
    applicant = make_agency(kind="host_organisation", name="Công ty TNHH Nông nghiệp Xanh")
    kwargs = dict(
        actor=province.dept_head,
        agency=province.department,
        outcome=outcome,
        decision_no="15/QĐ-UBND",
        holder=applicant,
        repayment_value=120_000_000,
    )
    if allowed:
        result = services.decide_ownership(result, **kwargs)
        assert result.status == Status.OWNERSHIP_DECIDED
        expected_holder = applicant if outcome == OwnershipOutcome.OTHER_APPLICANT_WITH_REPAYMENT else province.host
        assert result.ownership_holder == expected_holder
    else:
        with pytest.raises(InvalidInput):
            services.decide_ownership(result, **kwargs)
        result.refresh_from_db()
        assert result.status != Status.OWNERSHIP_DECIDED


def test_repayment_is_required_when_the_decision_says_so():
    from tasks_registry import services

    province = Province()
    result = province.registered()
    Actors(province).call("apply_for_ownership", result)
    Actors(province).call("appraise_ownership", result)
    Actors(province).call("submit_ownership_decision", result)
    with pytest.raises(InvalidInput, match="bồi hoàn"):
        services.decide_ownership(
            result,
            actor=province.dept_head,
            agency=province.department,
            outcome=OwnershipOutcome.HOST_WITH_REPAYMENT,
            decision_no="1/QĐ",
        )
