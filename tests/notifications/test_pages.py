"""The person's side: the unread count in the header of every page, the list, marking read, opening a notification,
preferences and the unsubscribe link — each person sees and changes only their own."""

import re

import pytest

from notifications.models import Notification, Preference
from notifications.preferences import unsubscribe_token
from tests.factories import Province
from tests.workflows.helpers import open_task

pytestmark = pytest.mark.django_db


def unread_in_header(html):
    match = re.search(r'class="[^"]*notifications-link[^"]*"[^>]*data-unread="(\d+)"', html)
    assert match, "no notification link in the header"
    return int(match.group(1))


@pytest.fixture
def told():
    """Province A's host officer was told of new work and of the decision; province B's officer of their own."""
    a, b = Province("A"), Province("B")
    a.accepted()
    b.accepted()
    return a, b


def test_the_unread_count_is_in_the_header_of_the_projects_pages_and_of_viewflows_frame(client, told):
    a, _ = told
    client.force_login(a.host_officer)
    mine = Notification.objects.filter(recipient=a.host_officer).count()
    assert mine == 2
    for url in ("/", "/results/", "/notifications/", "/workflow/result/inbox/", "/workflow/result/queue/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert unread_in_header(response.content.decode()) == mine, url


def test_the_list_shows_only_my_notifications_and_marking_all_read_clears_the_count(client, told):
    a, b = told
    client.force_login(a.host_officer)
    page = client.get("/notifications/").content.decode()
    assert "Việc mới «Nộp hồ sơ đăng ký kết quả» trong hàng chờ của cơ quan" in page
    theirs = Notification.objects.filter(recipient=b.host_officer).first()
    assert f"/notifications/{theirs.pk}/open/" not in page

    # Someone else's notification can neither be opened nor marked read.
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    client.post("/notifications/read/", {"notification": [theirs.pk]})
    assert Notification.objects.get(pk=theirs.pk).read_at is None

    one = Notification.objects.filter(recipient=a.host_officer).first()
    client.post("/notifications/read/", {"notification": [one.pk, "abc"]})
    assert unread_in_header(client.get("/").content.decode()) == 1
    response = client.post("/notifications/read/", {"all": "1"}, follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()
    assert unread_in_header(response.content.decode()) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_opening_a_notification_of_work_already_done_leads_to_the_case(client, told):
    a, _ = told
    notification = Notification.objects.get(recipient=a.host_officer, kind="new_work")
    task = open_task(a_result(a))
    client.force_login(a.host_officer)
    assert client.get(f"/notifications/{notification.pk}/open/").url == task.reverse("index")
    from tasks_registry import services

    services.take_step(a_result(a), "submit_registration", actor=a.host_officer, agency=a.host)
    assert client.get(f"/notifications/{notification.pk}/open/").url == f"/results/{a_result(a).pk}/"


def a_result(province):
    from tasks_registry.models import Result

    return Result.objects.get(task__host=province.host)


def test_the_list_speaks_english_with_the_language_cookie(client, told):
    a, _ = told
    client.force_login(a.host_officer)
    client.cookies["django_language"] = "en"
    page = client.get("/notifications/").content.decode()
    assert "New work «Submit registration dossier» in your agency&#x27;s queue" in page
    assert "Mark all as read" in page


def test_preferences_are_saved_and_bad_input_changes_nothing(client, told):
    a, _ = told
    client.force_login(a.host_officer)
    assert client.get("/notifications/preferences/").status_code == 200
    bad = client.post(
        "/notifications/preferences/",
        {"language": "vi", "mode": "digest", "digest_hour": "99", "email_enabled": "on", "kinds": ["new_work"]},
    )
    assert bad.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in bad.content.decode()
    assert not Preference.objects.filter(user=a.host_officer).exists()
    client.post(
        "/notifications/preferences/",
        {"language": "en", "mode": "digest", "digest_hour": "17", "kinds": ["new_work", "returned"]},
    )
    saved = Preference.objects.get(user=a.host_officer)
    assert (saved.language, saved.mode, saved.digest_hour, saved.email_enabled) == ("en", "digest", 17, False)
    assert "decided" in saved.muted_kinds and "new_work" not in saved.muted_kinds


def test_the_unsubscribe_link_turns_email_off_without_logging_in_and_an_altered_link_does_nothing(client, told):
    a, _ = told
    token = unsubscribe_token(a.host_officer)
    assert client.get(f"/notifications/unsubscribe/{token}x/").status_code == 400
    assert client.post(f"/notifications/unsubscribe/{token}x/").status_code == 400
    assert not Preference.objects.filter(user=a.host_officer).exists()
    assert "Ngừng gửi thư điện tử" in client.get(f"/notifications/unsubscribe/{token}/").content.decode()
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert Preference.objects.get(user=a.host_officer).email_enabled is False


def test_pages_of_notifications_need_a_login(client):
    for url in ("/notifications/", "/notifications/preferences/", "/notifications/1/open/"):
        assert client.get(url).status_code == 302


def test_an_auditor_told_of_a_broken_chain_can_mark_it_read_and_choose_how_to_be_told(client):
    from notifications.models import Kind
    from notifications.services import notify

    a = Province("A")
    notify(Kind.CHAIN_BROKEN, [a.auditor], key="verification:1", subject_msgid="Nhật ký kiểm tra bị phá vỡ")
    client.force_login(a.auditor)
    assert unread_in_header(client.get("/notifications/").content.decode()) == 1
    response = client.post("/notifications/read/", {"all": "1"}, follow=True)
    assert response.status_code == 200 and unread_in_header(response.content.decode()) == 0
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
