"""Each step lands in exactly the right agency's queue, and leaves it when done."""

import datetime

import pytest

from tasks_registry.lifecycle import Status
from tests.factories import Province

from .helpers import claim_and_accept, open_task, work_of

pytestmark = pytest.mark.django_db


def test_a_new_result_waits_in_the_managing_heads_queue(client):
    province = Province()
    result = province.result()
    task = open_task(result)
    assert task.flow_task.name == "review_acceptance"
    assert work_of(task).agency == province.department

    client.force_login(province.dept_head)
    response = client.get("/workflow/result/queue/")
    assert response.status_code == 200
    assert result.title in response.content.decode()

    claim_and_accept(client, task)
    result.refresh_from_db()
    assert result.status == Status.ACCEPTED
    assert result.acceptance_date == datetime.date(2023, 5, 15)
    following = open_task(result)
    assert following.flow_task.name == "submit_registration"
    assert work_of(following).agency == province.host


def test_a_change_made_outside_the_queues_moves_the_work_to_the_right_queue():
    from tasks_registry import services

    province = Province()
    result = province.result()
    assert open_task(result).flow_task.name == "review_acceptance"
    services.accept(
        result,
        actor=province.dept_head,
        agency=province.department,
        acceptance_date=datetime.date(2023, 5, 1),
        grade="passed",
    )
    task = open_task(result)
    assert task.flow_task.name == "submit_registration"
    assert work_of(task).agency == province.host


def test_the_result_page_shows_what_it_waits_for_and_the_process_diagram(client):
    province, other = Province("A"), Province("B")
    result = province.accepted()
    task = open_task(result)
    client.force_login(province.host_officer)
    page = client.get(f"/results/{result.pk}/").content.decode()
    assert "Đang chờ xử lý" in page
    assert str(task.flow_task.task_title) in page
    assert province.host.name in page
    chart = f"/workflow/result/{task.process_id}/chart/"
    assert chart in page
    response = client.get(chart)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"

    client.force_login(other.host_officer)
    assert client.get(chart).status_code == 403
