"""A person's API tokens on their own page (issued, expires, revoke) and in the administrators' list: revoking is a
POST with its CSRF token, recorded in the owner's session history, and never touches another person's token."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import Event
from audit.security import session_case
from tests.api.helpers import api_as
from tests.factories import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return Province("TK")


def test_a_person_sees_their_token_with_its_dates_and_revokes_it(province, client):
    p = province
    api = api_as(p.host_officer)
    api_as(p.dept_officer)
    token = Token.objects.get(user=p.host_officer)
    client.force_login(p.host_officer)
    page = client.get(reverse("api_tokens")).content.decode()
    assert token.created.astimezone().strftime("%d/%m/%Y") in page and "Còn hiệu lực" in page
    assert token.key not in page  # the secret is never shown again
    assert reverse("api_tokens") in client.get(reverse("home"), follow=True).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("api_tokens")).content.decode()
    assert "Revoke" in english and "Expires at" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    answer = client.post(reverse("api_tokens_revoke"), follow=True)
    assert "Đã thu hồi mã truy cập API" in answer.content.decode()
    assert not Token.objects.filter(user=p.host_officer).exists()
    assert Token.objects.filter(user=p.dept_officer).exists()
    assert api.get("/api/v1/me/").status_code == 401
    assert Event.objects.filter(case_key=session_case(p.host_officer), action="api.token_revoked").count() == 1
    assert "Bạn chưa có mã truy cập API nào." in client.get(reverse("api_tokens")).content.decode()


def test_revoking_needs_a_post_with_the_csrf_token(province):
    p = province
    api_as(p.host_officer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(p.host_officer)
    assert client.get(reverse("api_tokens_revoke")).status_code == 405
    assert client.post(reverse("api_tokens_revoke")).status_code == 403
    assert Token.objects.filter(user=p.host_officer).exists()
    assert not Event.objects.filter(action="api.token_revoked").exists()


def test_an_auditor_revokes_their_own_token_on_the_page_and_through_the_api(province, client):
    p = province
    api_as(p.auditor)
    client.force_login(p.auditor)
    assert client.post(reverse("api_tokens_revoke")).status_code == 302
    assert not Token.objects.filter(user=p.auditor).exists()
    api = api_as(p.auditor)
    assert api.delete("/api/v1/auth/token/revoke/").status_code == 204
    assert not Token.objects.filter(user=p.auditor).exists()


def test_an_administrator_lists_and_revokes_tokens_in_the_admin(province, client):
    p = province
    api_as(p.host_officer)
    api_as(p.dept_officer)
    root = get_user_model().objects.create_superuser("root", "root@example.org", "root-pass-123")
    client.force_login(root)
    listing = client.get(reverse("admin:authtoken_tokenproxy_changelist"))
    assert listing.status_code == 200
    assert (
        p.host_officer.get_username() in listing.content.decode()
        and p.dept_officer.get_username() in listing.content.decode()
    )
    assert client.get(reverse("admin:authtoken_tokenproxy_add")).status_code == 403
    token = Token.objects.get(user=p.host_officer)
    answer = client.post(
        reverse("admin:authtoken_tokenproxy_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
        follow=True,
    )
    assert answer.status_code == 200
    assert not Token.objects.filter(user=p.host_officer).exists() and Token.objects.filter(user=p.dept_officer).exists()
    event = Event.objects.get(case_key=session_case(p.host_officer), action="api.token_revoked")
    assert event.actor == root and event.changes == {"revoked_by": [None, "root"]}
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401
