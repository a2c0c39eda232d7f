"""Everyone who signs in can change their password; anyone can have a reset link sent to their e-mail address."""

import re

import pytest
from django.core import mail

from audit.models import Event
from audit.security import session_case
from tests.factories import Province, make_user

pytestmark = pytest.mark.django_db

NEW = "Mat-khau-moi-2026!"


def test_an_officer_who_is_not_staff_changes_their_password(client):
    officer = Province().host_officer
    assert not officer.is_staff
    client.force_login(officer)
    page = client.get("/accounts/password/change/")
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()
    done = client.post(
        "/accounts/password/change/",
        {"old_password": "secret-pass-123", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Đã đổi mật khẩu" in done.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert client.get("/").status_code == 200  # still signed in after the change
    assert Event.objects.filter(case_key=session_case(officer), action="auth.password_changed").exists()


def test_a_wrong_current_password_changes_nothing(client):
    officer = Province().host_officer
    client.force_login(officer)
    page = client.post(
        "/accounts/password/change/", {"old_password": "doan-bua", "new_password1": NEW, "new_password2": NEW}
    )
    assert page.status_code == 200
    assert (
        "Mật khẩu cũ của bạn đã được nhập không chính xác" in page.content.decode()
        or page.context["form"].errors["old_password"]
    )
    officer.refresh_from_db()
    assert officer.check_password("secret-pass-123")


def test_an_auditor_may_change_their_own_password_despite_being_read_only(client):
    auditor = Province().auditor
    client.force_login(auditor)
    client.post(
        "/accounts/password/change/", {"old_password": "secret-pass-123", "new_password1": NEW, "new_password2": NEW}
    )
    auditor.refresh_from_db()
    assert auditor.check_password(NEW)


def test_the_header_offers_the_password_change_to_a_signed_in_person(client):
    client.force_login(Province().host_officer)
    assert 'href="/accounts/password/change/"' in client.get("/results/").content.decode()


def test_a_reset_link_is_mailed_and_sets_a_new_password(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("chuyenvien", email="chuyenvien@skhcn.example.vn", first_name="Lan", last_name="Nguyễn Thị")
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()
    sent = client.post("/accounts/password/reset/", {"email": "chuyenvien@skhcn.example.vn"}, follow=True)
    assert "Đã gửi thư" in sent.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chuyenvien@skhcn.example.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Kính gửi" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert Event.objects.filter(case_key=session_case(user), action="auth.password_reset").exists()

    reused = client.get(link, follow=True)
    assert "không hợp lệ" in reused.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_user("chuyenvien", email="chuyenvien@skhcn.example.vn")
    answer = client.post("/accounts/password/reset/", {"email": "ai-do@example.vn"}, follow=True)
    assert "Đã gửi thư" in answer.content.decode()  # nothing tells a stranger which addresses exist
    assert mail.outbox == []
