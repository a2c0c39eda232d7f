"""Two people firing the same step at the same moment, each on their own database connection."""

import threading

import pytest
from django.db import connection, transaction
from django_fsm import ConcurrentTransition

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.errors import ServiceError, StepNotAllowed
from tasks_registry.lifecycle import Status
from tasks_registry.models import Result
from tests.factories import Province

from .driver import Actors, drive


def _race(workers):
    barrier = threading.Barrier(len(workers))
    outcomes = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", work())
        except ServiceError as error:
            outcomes[index] = ("refused", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_same_transition_from_two_connections_exactly_one_wins():
    province = Province()
    result = drive(Actors(province), province.result(), "accept", "submit_registration")

    def register(number):
        return lambda: services.register(
            result.pk, actor=province.dept_officer, agency=province.department, registration_no=number
        )

    outcomes = _race([register("KQ000101"), register("KQ000102")])

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refusal, StepNotAllowed)
    assert "Không thể" in str(refusal)
    fresh = Result.objects.get(pk=result.pk)
    assert fresh.status == Status.REGISTERED
    winner = next(value for kind, value in outcomes if kind == "ok")
    assert fresh.registration_no == winner.registration_no
    assert Event.objects.filter(case_key=case_key_for(result), action="result.register").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_different_steps_from_the_same_state_cannot_both_happen():
    province = Province()
    result = province.result()

    outcomes = _race(
        [
            lambda: services.accept(
                result.pk,
                actor=province.dept_head,
                agency=province.department,
                acceptance_date=province.task().approval_date,
                grade="passed",
            ),
            lambda: services.take_step(
                result.pk,
                "return_acceptance",
                actor=province.dept_officer,
                agency=province.department,
                comment="Thiếu sản phẩm",
            ),
        ]
    )

    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    fresh = Result.objects.get(pk=result.pk)
    assert fresh.status in (Status.ACCEPTED, Status.ACCEPTANCE_RETURNED)
    assert Event.objects.filter(case_key=case_key_for(result)).count() == 2


@pytest.mark.django_db
def test_a_stale_copy_cannot_overwrite_a_newer_state():
    """The optimistic lock of django-fsm-2 backs up the row lock for code that skips the services."""
    province = Province()
    result = province.result()
    stale = Result.objects.get(pk=result.pk)
    services.take_step(
        result, "return_acceptance", actor=province.dept_officer, agency=province.department, comment="Thiếu biên bản"
    )
    stale.accept()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Result.objects.get(pk=result.pk).status == Status.ACCEPTANCE_RETURNED
