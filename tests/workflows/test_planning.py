"""Officers plan their work (follow-up date, priority); only heads move a due date, with a reason."""

import datetime

import pytest

from audit.models import Event
from audit.recorder import case_key_for
from tests.factories import Province

from .helpers import claim, open_task, task_url, work_of

pytestmark = pytest.mark.django_db


def test_an_officer_sets_a_follow_up_date_and_priority_and_it_is_recorded(client):
    province = Province()
    result = province.accepted()
    task = open_task(result)
    client.force_login(province.host_officer)
    claim(client, task)
    assert "Ngày theo dõi lại" in client.get(task_url(task, "execute")).content.decode()
    client.post(f"/work/{task.pk}/plan/", {"follow_up_on": "05/01/2027", "priority": "3"})
    work = work_of(task)
    assert work.follow_up_on == datetime.date(2027, 1, 5)
    assert work.priority == 3
    event = Event.objects.filter(case_key=case_key_for(result), action="task.planned").get()
    assert event.changes["priority"] == [1, 3]
    # The result's history names the planned fields by their labels, not by their keys.
    history = client.get(f"/results/{result.pk}/").content.decode()
    assert "ngày theo dõi lại" in history.lower() and "follow_up_on" not in history and "priority:" not in history
    # The planned task reads as its work, not as "nhiệm vụ" (the S&T task) and its number.
    text = " ".join(history.split())
    planned = f'Công việc</span>: <span class="changes__after">{task.flow_task.task_title}</span>'
    assert text.count(planned) == 2  # claimed, then planned
    assert f">#{task.pk}<" not in text


def test_only_a_head_moves_a_due_date_and_must_say_why(client):
    province = Province()
    task = open_task(province.accepted())
    before = work_of(task).due_on
    client.force_login(province.host_officer)
    client.post(f"/work/{task.pk}/plan/", {"priority": "1", "due_on": "31/12/2027", "reason": "Chờ ý kiến"})
    assert work_of(task).due_on == before

    client.force_login(province.host_head)
    client.post(f"/work/{task.pk}/plan/", {"priority": "1", "due_on": "31/12/2027", "reason": ""})
    assert work_of(task).due_on == before
    client.post(f"/work/{task.pk}/plan/", {"priority": "1", "due_on": "31/12/2027", "reason": "Chờ kết quả giám định"})
    assert work_of(task).due_on == datetime.date(2027, 12, 31)


def test_another_agency_cannot_plan_our_work(client):
    province, other = Province("A"), Province("B")
    task = open_task(province.accepted())
    client.force_login(other.host_head)
    assert client.post(f"/work/{task.pk}/plan/", {"priority": "3"}).status_code == 403
    assert work_of(task).priority == 1
