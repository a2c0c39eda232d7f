"""Every `next` a form sends back is checked: only pages of this site, never another host or a javascript: URL."""

import pytest

from tests.factories import Province
from tests.workflows.helpers import open_task

pytestmark = pytest.mark.django_db

OUTSIDE = [
    "https://evil.example/phish",
    "//evil.example/",
    "javascript:alert(1)",
    "/\\evil.example",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("target", OUTSIDE)
def test_planning_a_task_never_sends_the_person_to_another_site(client, target):
    province = Province()
    result = province.accepted()
    task = open_task(result)
    client.force_login(province.host_officer)
    response = client.post(f"/work/{task.pk}/plan/", {"priority": "2", "next": target})
    assert response.status_code == 302
    assert response["Location"] == f"/results/{result.pk}/"


def test_planning_a_task_returns_to_the_page_of_this_site_it_came_from(client):
    province = Province()
    task = open_task(province.accepted())
    client.force_login(province.host_officer)
    back = "/workflow/result/queue/?page=2"
    assert client.post(f"/work/{task.pk}/plan/", {"priority": "2", "next": back})["Location"] == back


@pytest.mark.parametrize("target", OUTSIDE)
def test_login_and_language_never_redirect_to_another_site(client, target):
    officer = Province().host_officer
    login = client.post(
        "/accounts/login/", {"username": officer.username, "password": "secret-pass-123", "next": target}
    )
    assert login["Location"] == "/"
    language = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert language["Location"] == "/"


@pytest.mark.parametrize("target", OUTSIDE)
def test_viewflow_back_links_never_leave_the_site(client, target):
    province = Province()
    task = open_task(province.accepted())
    client.force_login(province.host_officer)
    response = client.post(f"/workflow/result/{task.process_id}/{task.flow_task.name}/{task.pk}/assign/?back={target}")
    assert response.status_code == 302
    assert "evil" not in response["Location"] and not response["Location"].startswith("javascript:")
