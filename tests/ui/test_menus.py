"""The one frame's navigation: each person sees only the places they may use, and a refusal says why."""

import re

import pytest

from tests.factories import Province
from tests.workflows.helpers import open_task

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


def menu(client):
    page = client.get("/").content.decode()
    return {label.strip(): url for url, label in LINK.findall(NAV.search(page).group(1))}


def test_every_link_of_every_persons_menu_opens_and_none_leads_to_a_refusal(client):
    province = Province("M")
    open_task(province.accepted())
    people = {
        "officer": province.dept_officer,
        "head": province.dept_head,
        "host": province.host_officer,
        "receiving unit": province.receiver_officer,
        "auditor": province.auditor,
    }
    menus = {}
    for role, person in people.items():
        client.force_login(person)
        menus[role] = menu(client)
        for label, url in menus[role].items():
            assert client.get(url).status_code == 200, (role, label, url)

    assert "Việc của tôi" in menus["officer"] and "Việc chờ nhận" in menus["host"]
    # The auditor works no queue; of these people only the head approves an annual report (their agency's own).
    assert "Việc của tôi" not in menus["auditor"] and "Việc chờ nhận" not in menus["auditor"]
    assert [role for role, items in menus.items() if "Báo cáo" in items] == ["head"]


def test_the_workflow_pages_wear_the_same_header_as_the_rest_of_the_site(client):
    province = Province("F")
    task = open_task(province.accepted())
    client.force_login(province.dept_officer)
    for url in ("/", "/workflow/result/inbox/", f"/workflow/result/{task.process_id}/", "/workflow/result/"):
        page = client.get(url).content.decode()
        assert page.count('<header class="site-header"') == 1, url
        assert "vf-page__menu" not in page, url  # no second navigation (Material's side drawer)


def test_a_process_page_offers_no_cancel_button_to_someone_who_may_not_cancel(client):
    province = Province("C")
    task = open_task(province.accepted())
    client.force_login(province.dept_head)
    page = client.get(f"/workflow/result/{task.process_id}/").content.decode()
    assert f"/workflow/result/{task.process_id}/cancel/" not in page
    assert client.get(f"/workflow/result/{task.process_id}/cancel/").status_code == 403


def test_the_refusal_page_says_why_and_leads_home(client):
    province = Province("R")
    client.force_login(province.host_officer)
    response = client.get("/reports/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có vai trò lập, duyệt hoặc tổng hợp báo cáo hằng năm." in page
    assert 'href="/"' in page and "Về trang chủ" in page
    assert "Log in as another user" not in page


def test_going_back_to_a_finished_tasks_form_says_the_work_is_done_in_vietnamese(client):
    from tests.workflows.helpers import claim, execute, task_url

    province = Province("R")
    result = province.result()
    task = open_task(result)
    client.force_login(province.dept_head)
    claim(client, task)
    assert (
        execute(client, task, {"step": "accept", "acceptance_date": "15/05/2023", "grade": "passed"}).status_code == 302
    )
    again = client.get(task_url(task, "execute"))  # the browser's Back button
    assert again.status_code == 403
    page = again.content.decode()
    assert "Công việc này đã được xử lý xong hoặc không còn ở bước này" in page
    assert "no transition" not in page and "quản trị viên" not in page
