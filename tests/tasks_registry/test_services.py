"""Who may take a step, what bad input looks like, and that a refusal changes nothing."""

import datetime

import pytest
from django.utils import translation

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.errors import InvalidInput, NotPermitted, StepNotAllowed
from tasks_registry.lifecycle import Status
from tasks_registry.models import Membership, RevenueRecord, SupportStatus, Transfer
from tasks_registry.roles import Role
from tests.factories import Province, make_member

from .driver import EXPECTED, TO_APPLIED_OLD, TO_DECIDED, Actors, drive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_workflows")]


def _event_count(result):
    return Event.objects.filter(case_key=case_key_for(result)).count()


def _assert_unchanged(result, status, events):
    result.refresh_from_db()
    assert result.status == status
    assert _event_count(result) == events


def test_an_officer_of_another_province_cannot_register_our_result():
    ours, theirs = Province("A"), Province("B")
    result = ours.accepted()
    services.take_step(result, "submit_registration", actor=ours.host_officer, agency=ours.host)
    events = _event_count(result)
    with pytest.raises(NotPermitted):
        services.register(result, actor=theirs.dept_officer, agency=theirs.department, registration_no="KQ1")
    _assert_unchanged(result, Status.REGISTRATION_SUBMITTED, events)


def test_claiming_to_act_for_an_agency_one_does_not_belong_to_is_refused():
    ours, theirs = Province("A"), Province("B")
    result = ours.accepted()
    services.take_step(result, "submit_registration", actor=ours.host_officer, agency=ours.host)
    with pytest.raises(NotPermitted):
        services.register(result, actor=theirs.dept_officer, agency=ours.department, registration_no="KQ1")
    _assert_unchanged(result, Status.REGISTRATION_SUBMITTED, 3)


@pytest.mark.parametrize("who", ["dept_officer", "auditor", "host_head", "receiver_officer"])
def test_only_the_head_of_the_managing_agency_recognises_a_result(who):
    province = Province()
    result = province.result()
    person = getattr(province, who)
    agency = {"host_head": province.host, "receiver_officer": province.receiver}.get(who, province.department)
    with pytest.raises(NotPermitted):
        services.accept(result, actor=person, agency=agency, acceptance_date=datetime.date(2023, 5, 1), grade="passed")
    _assert_unchanged(result, Status.ACCEPTANCE_SUBMITTED, 1)


def test_an_expired_membership_no_longer_gives_the_right_to_act():
    province = Province()
    result = province.result()
    Membership.objects.filter(user=province.dept_head).update(valid_to=datetime.date(2020, 12, 31))
    with pytest.raises(NotPermitted):
        services.accept(
            result,
            actor=province.dept_head,
            agency=province.department,
            acceptance_date=datetime.date(2023, 5, 1),
            grade="passed",
        )


def test_a_deactivated_account_cannot_act():
    province = Province()
    result = province.result()
    province.dept_head.is_active = False
    province.dept_head.save()
    with pytest.raises(NotPermitted):
        services.accept(
            result,
            actor=province.dept_head,
            agency=province.department,
            acceptance_date=datetime.date(2023, 5, 1),
            grade="passed",
        )


@pytest.mark.parametrize(
    "state",
    [
        Status.ACCEPTANCE_SUBMITTED,
        Status.REGISTRATION_SUBMITTED,
        Status.OWNERSHIP_APPRAISED,
        Status.TRANSFERRED,
        Status.APPLIED,
    ],
)
def test_an_auditor_can_take_no_step_at_all(state):
    from .states import REACH

    province = Province()
    approval, retains, path = REACH[state]
    result = drive(Actors(province), province.result(approval), *path)
    events = _event_count(result)
    for step, (sources, _) in EXPECTED.items():
        if state in sources:
            for agency in (province.department, province.host):
                with pytest.raises(NotPermitted):
                    Actors(province).call(step, result, actor=province.auditor, agency=agency)
    _assert_unchanged(result, state, events)


def test_the_receiving_unit_acts_only_on_transfers_offered_to_it():
    province = Province()
    other = Province("X")
    result = drive(Actors(province), province.result(), *TO_DECIDED, "offer_transfer")
    with pytest.raises(NotPermitted):
        services.confirm_transfer(result, actor=other.receiver_officer, agency=other.receiver)
    confirmed = services.confirm_transfer(
        result, actor=province.receiver_officer, agency=province.receiver, contract_no="7/HĐ"
    )
    assert confirmed.status == Status.TRANSFERRED
    assert Transfer.objects.get(result=result).contract_no == "7/HĐ"


@pytest.mark.parametrize("step", ["return_acceptance", "return_registration", "reject"])
def test_returning_a_dossier_needs_a_reason(step):
    province = Province()
    result = province.result()
    if step == "return_registration":
        result = drive(Actors(province), result, "accept", "submit_registration")
    status, events = result.status, _event_count(result)
    with pytest.raises(InvalidInput) as error:
        Actors(province).call(step, result, comment="   ")
    assert error.value.field == "comment"
    _assert_unchanged(result, status, events)


def test_a_returned_dossier_keeps_its_reason_in_the_history():
    province = Province()
    result = drive(Actors(province), province.result(), "accept", "submit_registration")
    services.take_step(
        result, "return_registration", actor=province.dept_officer, agency=province.department, comment="Thiếu Mẫu 5"
    )
    event = Event.objects.filter(case_key=case_key_for(result)).latest("seq")
    assert event.comment == "Thiếu Mẫu 5"
    assert event.changes["status"] == [Status.REGISTRATION_SUBMITTED, Status.REGISTRATION_RETURNED]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"acceptance_date": None}, "acceptance_date"),
        ({"grade": ""}, "acceptance_grade"),
        ({"grade": "failed"}, "acceptance_grade"),
        ({"decision_date": datetime.date(2020, 1, 1)}, "recognition_decision_date"),
        ({"acceptance_date": datetime.date(2000, 1, 1), "decision_date": None}, "acceptance_date"),
    ],
)
def test_acceptance_with_bad_data_is_refused_with_the_field_named(kwargs, field):
    province = Province()
    result = province.result()
    data = {
        "acceptance_date": datetime.date(2023, 5, 1),
        "grade": "passed",
        "decision_date": datetime.date(2023, 5, 10),
    }
    data.update(kwargs)
    with pytest.raises(InvalidInput) as error:
        services.accept(result, actor=province.dept_head, agency=province.department, **data)
    assert error.value.field == field
    _assert_unchanged(result, Status.ACCEPTANCE_SUBMITTED, 1)


def test_a_registration_number_is_given_once():
    province = Province()
    first = province.registered()
    second = drive(Actors(province), province.result(), "accept", "submit_registration")
    with pytest.raises(InvalidInput, match=first.registration_no):
        services.register(
            second, actor=province.dept_officer, agency=province.department, registration_no=first.registration_no
        )
    _assert_unchanged(second, Status.REGISTRATION_SUBMITTED, 3)


def test_registration_cannot_predate_acceptance():
    province = Province()
    result = drive(Actors(province), province.result(), "accept", "submit_registration")
    with pytest.raises(InvalidInput) as error:
        services.register(
            result,
            actor=province.dept_officer,
            agency=province.department,
            registration_no="KQ9",
            registered_on=result.acceptance_date - datetime.timedelta(days=1),
        )
    assert error.value.field == "registered_on"


def test_negative_contract_value_is_refused():
    province = Province()
    result = drive(Actors(province), province.result(), *TO_DECIDED)
    with pytest.raises(InvalidInput, match="âm"):
        services.offer_transfer(
            result,
            actor=province.host_officer,
            agency=province.host,
            receiving_unit=province.receiver,
            form="standalone",
            contract_value=-1,
        )
    _assert_unchanged(result, Status.OWNERSHIP_DECIDED, 8)
    assert not Transfer.objects.filter(result=result).exists()


def test_the_owner_cannot_transfer_to_itself():
    province = Province()
    result = drive(Actors(province), province.result(), *TO_DECIDED)
    with pytest.raises(InvalidInput):
        services.offer_transfer(
            result, actor=province.host_officer, agency=province.host, receiving_unit=province.host, form="standalone"
        )


def test_an_application_report_must_say_something():
    province = Province()
    result = drive(Actors(province), province.result(), *TO_DECIDED, "offer_transfer", "confirm_transfer")
    with pytest.raises(InvalidInput):
        services.report_application(result, actor=province.receiver_officer, agency=province.receiver, report=" ")


def test_a_payout_below_the_regimes_share_is_recorded_and_flagged_and_a_year_is_reported_once():
    province = Province()
    result = drive(Actors(province), province.result(), *TO_APPLIED_OLD)
    short = services.record_revenue(
        result,
        actor=province.host_officer,
        agency=province.host,
        year=2024,
        revenue=1_000_000_000,
        after_tax_profit=200_000_000,
        author_payout=59_999_999,
    )
    assert (short.below_minimum, short.author_minimum) == (True, 60_000_000)  # flagged, not refused (R50)
    full = services.record_revenue(
        result,
        actor=province.host_officer,
        agency=province.host,
        year=2025,
        revenue=1_000_000_000,
        after_tax_profit=200_000_000,
        author_payout=60_000_000,
    )
    assert not full.below_minimum
    with pytest.raises(InvalidInput, match="2024"):
        services.record_revenue(
            result,
            actor=province.host_officer,
            agency=province.host,
            year=2024,
            revenue=1,
            after_tax_profit=0,
            author_payout=0,
        )
    with pytest.raises(NotPermitted):
        services.record_revenue(
            result,
            actor=province.receiver_officer,
            agency=province.receiver,
            year=2023,
            revenue=1,
            after_tax_profit=0,
            author_payout=0,
        )
    assert RevenueRecord.objects.filter(result=result).count() == 2


def test_messages_are_in_vietnamese_by_default():
    province = Province()
    result = province.result()
    with translation.override("vi"), pytest.raises(StepNotAllowed) as error:
        services.take_step(result, "submit_registration", actor=province.host_officer, agency=province.host)
    assert "Không thể «Nộp hồ sơ đăng ký kết quả»" in str(error.value)


def test_a_member_of_the_host_can_file_a_result_but_a_stranger_cannot():
    province, other = Province("A"), Province("B")
    task = province.task()
    with pytest.raises(NotPermitted):
        services.record_result(task, actor=other.host_officer, agency=other.host, title="X", result_type="process")
    reporter = make_member(province.host, Role.REPORTER)
    with pytest.raises(NotPermitted):
        services.record_result(task, actor=reporter, agency=province.host, title="X", result_type="process")
    with pytest.raises(InvalidInput):
        services.record_result(
            task, actor=province.host_officer, agency=province.host, title="  ", result_type="process"
        )
    assert not task.results.exists()


def test_a_head_may_do_the_work_of_the_agencys_officers():
    province = Province()
    result = drive(Actors(province), province.result(), "accept")
    services.take_step(result, "submit_registration", actor=province.host_head, agency=province.host)
    result = services.register(result, actor=province.dept_head, agency=province.department, registration_no="KQ777")
    assert result.status == Status.REGISTERED


def test_the_owner_may_stop_following_its_applied_result_but_the_receiving_unit_may_not():
    province = Province()
    result = drive(Actors(province), province.result(), *TO_APPLIED_OLD)
    with pytest.raises(NotPermitted):
        services.take_step(result, "close", actor=province.receiver_officer, agency=province.receiver)
    with pytest.raises(NotPermitted):
        services.take_step(result, "close", actor=province.dept_officer, agency=province.department)
    assert (
        services.take_step(result, "close", actor=province.host_officer, agency=province.host).status == Status.CLOSED
    )


def test_a_support_decision_cannot_grant_more_than_was_requested():
    province = Province()
    result = drive(Actors(province), province.result(), *TO_APPLIED_OLD, "request_support", "appraise_support")
    status, events = result.status, _event_count(result)
    with translation.override("vi"), pytest.raises(InvalidInput) as error:
        services.grant_support(
            result,
            actor=province.dept_head,
            agency=province.department,
            decision_no="78/QĐ-SKHCN",
            granted_amount=30_000_001,
        )
    assert error.value.field == "granted_amount"
    assert "30.000.000" in str(error.value)
    _assert_unchanged(result, status, events)
    granted = services.grant_support(
        result,
        actor=province.dept_head,
        agency=province.department,
        decision_no="78/QĐ-SKHCN",
        granted_amount=30_000_000,
    )
    assert granted.status == status
    assert granted.supports.get().status == SupportStatus.GRANTED
