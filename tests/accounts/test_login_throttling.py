"""Guessing passwords: 20 wrong ones lock the login for that username from that address, until an administrator
unlocks it; the lockout and the unlock are in the audit log, in the chain of the username that was tried."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

from audit.models import Event
from audit.security import failed_login_case
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
ATTACKER = "203.0.113.7"


def _login(client, password, ip=ATTACKER, username="chuyenvien"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _guess_twenty_times(client):
    for _ in range(20):
        _login(client, "wrong-guess")


def test_twenty_wrong_passwords_lock_the_login_even_for_the_right_password(client):
    make_user("chuyenvien")
    for _attempt in range(19):
        assert _login(client, "wrong-guess").status_code == 200  # the form again, with its error
    locking = _login(client, "wrong-guess")
    assert locking.status_code == 429
    assert "Tạm khóa đăng nhập" in locking.content.decode()

    refused = _login(client, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still not signed in

    lockouts = Event.objects.filter(case_key=failed_login_case("chuyenvien"), action="auth.locked_out")
    assert lockouts.count() == 1  # the moment of locking, not every refused attempt
    assert lockouts.get().changes == {
        "username": [None, "chuyenvien"],
        "ip_address": [None, ATTACKER],
        "failures": [None, 20],
    }
    assert lockouts.get().ip_address == ATTACKER


def test_the_lock_holds_only_for_that_username_and_that_address(client):
    make_user("chuyenvien")
    make_user("lanhdao")
    _guess_twenty_times(client)
    assert _login(Client(), PASSWORD, ip="198.51.100.20").status_code == 302  # the person at their own desk
    assert _login(Client(), PASSWORD, username="lanhdao").status_code == 302  # another account from that address


def test_the_lockout_page_is_in_english_when_english_is_chosen(client):
    make_user("chuyenvien")
    client.cookies["django_language"] = "en"
    _guess_twenty_times(client)
    page = _login(client, PASSWORD).content.decode()
    assert "Login temporarily locked" in page
    assert "Tạm khóa" not in page


def test_an_administrator_unlocks_and_the_right_password_then_works(client):
    make_user("chuyenvien")
    root = get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")
    _guess_twenty_times(client)
    assert _login(client, PASSWORD).status_code == 429

    admin = Client()
    admin.force_login(root)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "chuyenvien" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="chuyenvien")
    unlocked = admin.post(
        "/admin/axes/accessattempt/", {"action": "unlock_selected", "_selected_action": [attempt.pk]}, follow=True
    )
    assert "Đã mở khóa 1 lượt đăng nhập." in unlocked.content.decode()

    assert _login(client, PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    unlock = Event.objects.get(case_key=failed_login_case("chuyenvien"), action="auth.unlocked")
    assert unlock.actor == root
    assert unlock.changes["ip_address"] == [ATTACKER, None]
    actions = list(
        Event.objects.filter(case_key=failed_login_case("chuyenvien")).order_by("seq").values_list("action", flat=True)
    )
    assert actions.count("auth.login_failed") == 21 and actions.index("auth.locked_out") < actions.index(
        "auth.unlocked"
    )


def test_the_admin_cannot_delete_attempts_without_the_audit_event(client):
    make_user("chuyenvien")
    root = get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")
    _guess_twenty_times(client)
    attempt = AccessAttempt.objects.get(username="chuyenvien")
    admin = Client()
    admin.force_login(root)
    assert admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
    admin.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert _login(client, PASSWORD).status_code == 429


def test_an_officer_who_is_not_an_administrator_cannot_unlock(client):
    make_user("chuyenvien")
    officer = make_user("nhanvien", is_staff=True)
    _guess_twenty_times(client)
    attempt = AccessAttempt.objects.get(username="chuyenvien")
    other = Client()
    other.force_login(officer)
    other.post("/admin/axes/accessattempt/", {"action": "unlock_selected", "_selected_action": [attempt.pk]})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not Event.objects.filter(action="auth.unlocked").exists()
