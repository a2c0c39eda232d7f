"""A dossier sent back to be completed keeps its reason on the case: the party that must complete it reads why, who
sent it back and when on its task, until it sends the dossier again."""

import pytest
from django.core.management import call_command

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry.errors import InvalidInput
from tasks_registry.lifecycle import STEPS
from tasks_registry.models import DossierReturn, Result
from tests.factories import Province
from tests.tasks_registry.driver import Actors, drive

from .helpers import claim, open_task, task_url

pytestmark = pytest.mark.django_db
RETURN_STEPS = [name for name, step in STEPS.items() if step.returns_dossier]


def _task_page(client, person, result):
    task = open_task(result)
    client.force_login(person)
    assert claim(client, task).status_code == 302
    return client.get(task_url(task, "execute")).content.decode()


def test_the_host_reads_why_its_dossier_was_returned_until_it_sends_it_again(client):
    province = Province()
    province.dept_officer.first_name, province.dept_officer.last_name = "Trần Thị", "Hoa"
    province.dept_officer.save()
    actors = Actors(province)
    result = drive(actors, province.result(), "return_acceptance")

    kept = DossierReturn.objects.get(result=result)
    assert (kept.step, kept.reason, kept.returned_by, kept.agency) == (
        "return_acceptance",
        "Thiếu biên bản hội đồng",
        province.dept_officer,
        province.department,
    )
    page = _task_page(client, province.host_officer, result)
    assert "Lý do trả hồ sơ" in page and "Thiếu biên bản hội đồng" in page
    assert "Trần Thị Hoa" in page and province.department.name in page

    result = drive(actors, result, "resubmit_acceptance")
    page = _task_page(client, province.dept_head, result)
    assert "Lý do trả hồ sơ" not in page  # the recent history below still tells of the return
    assert DossierReturn.objects.filter(result=result).count() == 1  # the record of it stays


def test_a_refused_return_keeps_nothing():
    province = Province()
    result = province.result()
    with pytest.raises(InvalidInput, match="lý do"):
        Actors(province).call("return_acceptance", result, comment="  ")
    assert not DossierReturn.objects.exists()


def test_the_demo_keeps_a_return_for_every_return_step_of_its_history():
    call_command("seed_demo", "--results", "80", stdout=None)
    events = Event.objects.filter(action__in=[f"result.{name}" for name in RETURN_STEPS])
    assert events.exists(), "the demo's histories include returned dossiers"
    for event in events:
        result = Result.objects.get(pk=int(event.object_id))
        assert case_key_for(result) == event.case_key
        kept = DossierReturn.objects.get(result=result, returned_at=event.occurred_at)
        assert (f"result.{kept.step}", kept.reason, kept.returned_by_id, kept.agency_id) == (
            event.action,
            event.comment,
            event.actor_id,
            event.agency_id,
        )
    assert DossierReturn.objects.count() == events.count()
