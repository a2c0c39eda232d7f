"""The home page shows each person their work by due date, their agency's queue, and heads the workload."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import Province

from .helpers import claim, open_task, work_of

pytestmark = pytest.mark.django_db


def _late(task, days=5):
    work = work_of(task)
    work.due_on = timezone.localdate() - datetime.timedelta(days=days)
    work.save()


def _in_time(task, days=5):
    _late(task, -days)


def test_an_officer_sees_their_own_work_and_their_agencys_queue(client):
    province = Province()
    claimed_task = open_task(province.accepted())
    waiting_task = open_task(province.accepted())
    _in_time(claimed_task)
    _late(waiting_task)
    client.force_login(province.host_officer)
    claim(client, claimed_task)

    page = client.get("/").content.decode()
    assert "Việc của tôi" in page
    assert str(claimed_task.flow_task.task_title) in page
    row = page[page.index("agency-queues") :]
    assert province.host.name in row
    # one waiting (the other is claimed), two open, one overdue
    assert [cell for cell in ('<td class="num">1</td>', '<td class="num">2</td>') if cell in row] == [
        '<td class="num">1</td>',
        '<td class="num">2</td>',
    ]
    assert 'num overdue">1</td>' in row
    assert "Khối lượng việc theo chuyên viên" not in page


def test_a_head_sees_the_workload_of_each_officer(client):
    province = Province()
    first, second = open_task(province.accepted()), open_task(province.accepted())
    _in_time(first)
    _late(second)
    client.force_login(province.host_officer)
    claim(client, first)
    claim(client, second)

    client.force_login(province.host_head)
    page = client.get("/").content.decode()
    workload = page[page.index("Khối lượng việc theo chuyên viên") :]
    assert province.host_officer.username in workload
    assert '<td class="num">2</td>' in workload
    assert 'num overdue">1</td>' in workload


def test_people_of_another_province_see_none_of_it(client):
    province, other = Province("A"), Province("B")
    open_task(province.accepted())
    client.force_login(other.host_officer)
    page = client.get("/").content.decode()
    assert province.host.name not in page
    assert "Cơ quan của bạn không có việc đang mở." in page


def test_the_result_list_shows_the_next_due_date_marks_overdue_and_sorts_by_it(client):
    province = Province()
    late_result, fresh_result = province.accepted(), province.accepted()
    late, fresh = open_task(late_result), open_task(fresh_result)
    _late(late, days=3)
    _in_time(fresh, days=10)
    client.force_login(province.host_officer)
    page = client.get("/results/?sort=due").content.decode()
    late_day = work_of(late).due_on.strftime("%d/%m/%Y")
    fresh_day = work_of(fresh).due_on.strftime("%d/%m/%Y")
    assert page.index(late_day) < page.index(fresh_day)
    assert "Quá hạn" in page[page.index(late_day) : page.index(fresh_day)]
