"""Claiming, releasing, reassigning and bulk claiming work, as the people of an agency do."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry.roles import Role
from tests.factories import Province, make_member
from tests.ui.test_no_raw_codes import shown_text

from .helpers import claim, open_task, task_url

N_CLAIMS = 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_parallel_claims_of_one_task_give_exactly_one_owner():
    province = Province()
    result = province.accepted()
    task = open_task(result)  # submit_registration, in the host's queue
    officers = [make_member(province.host, Role.OFFICER, f"host-officer-{i}") for i in range(N_CLAIMS)]
    barrier = threading.Barrier(N_CLAIMS)
    statuses = [None] * N_CLAIMS

    def claim_as(index, officer):
        client = Client()
        client.force_login(officer)
        barrier.wait(timeout=20)
        try:
            statuses[index] = claim(client, task).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_as, args=(i, o)) for i, o in enumerate(officers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    task.refresh_from_db()
    assert statuses.count(302) == 1, statuses
    assert all(status == 403 for status in statuses if status != 302), statuses
    winner = officers[statuses.index(302)]
    assert task.owner == winner
    assert task.status == "ASSIGNED"
    assert Event.objects.filter(case_key=case_key_for(result), action="task.claimed").count() == 1


@pytest.mark.django_db
def test_claim_and_release_are_recorded_and_return_the_task_to_the_queue(client):
    province = Province()
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    task.refresh_from_db()
    assert task.owner == province.dept_head
    assert client.post(task_url(task, "unassign")).status_code == 302
    task.refresh_from_db()
    assert task.owner is None and task.status == "NEW"
    actions = list(
        Event.objects.filter(case_key=case_key_for(result), action__startswith="task.").values_list("action", flat=True)
    )
    assert actions == ["task.claimed", "task.released"]


@pytest.mark.django_db
def test_an_officer_cannot_claim_another_agencys_work(client):
    province, other = Province("A"), Province("B")
    task = open_task(province.accepted())
    client.force_login(other.host_officer)
    assert claim(client, task).status_code == 403
    task.refresh_from_db()
    assert task.owner is None


@pytest.mark.django_db
def test_a_head_reassigns_work_within_the_agency_only(client):
    province, other = Province("A"), Province("B")
    result = province.accepted()
    task = open_task(result)
    colleague = make_member(province.host, Role.OFFICER, "host-colleague")
    get_user_model().objects.filter(pk=colleague.pk).update(first_name="Trần Thị", last_name="Mai")
    client.force_login(province.host_officer)
    claim(client, task)

    client.force_login(province.host_head)
    page = client.get(task_url(task, "reassign")).content.decode()
    shown = shown_text(page)  # the choices as the head reads them (viewflow's select)
    # The head chooses a colleague by full name, never by login.
    assert "Trần Thị Mai" in shown and "host-colleague" not in shown and other.host_officer.username not in page
    refused = client.post(task_url(task, "reassign"), {"owner": other.host_officer.pk})
    assert refused.status_code == 200
    task.refresh_from_db()
    assert task.owner == province.host_officer

    assert (
        client.post(task_url(task, "reassign"), {"owner": colleague.pk, "comment": "Cân đối công việc"}).status_code
        == 302
    )
    task.refresh_from_db()
    assert task.owner == colleague
    event = Event.objects.filter(case_key=case_key_for(result), action="task.reassigned").get()
    assert event.changes["owner"] == [province.host_officer.username, "host-colleague"]
    assert event.comment == "Cân đối công việc"


@pytest.mark.django_db
def test_an_officer_may_not_reassign(client):
    province = Province()
    task = open_task(province.accepted())
    colleague = make_member(province.host, Role.OFFICER, "host-colleague")
    client.force_login(province.host_officer)
    claim(client, task)
    client.force_login(colleague)
    assert client.post(task_url(task, "reassign"), {"owner": colleague.pk}).status_code == 403


@pytest.mark.django_db
def test_bulk_claim_takes_only_the_tasks_the_person_may_take(client):
    province, other = Province("A"), Province("B")
    mine = [open_task(province.accepted()) for _ in range(3)]
    theirs = open_task(other.accepted())
    client.force_login(province.host_officer)
    response = client.post(
        "/workflow/result/queue/assign/", {"pk": [t.pk for t in mine] + [theirs.pk], "_confirm": "1"}
    )
    assert response.status_code == 302
    for task in mine:
        task.refresh_from_db()
        assert task.owner == province.host_officer
    theirs.refresh_from_db()
    assert theirs.owner is None
