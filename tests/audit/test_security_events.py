"""Logins, logouts, failed logins and refused requests are events, each in a chain of its own person."""

import pytest

from audit.models import Event
from audit.security import failed_login_case, refusal_case, session_case
from tests.factories import Province, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


def test_login_logout_and_failed_login_are_recorded_with_ip_and_request_id(client):
    user = make_user("chuyenvien")
    login = client.post("/accounts/login/", {"username": "chuyenvien", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert login.status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.4")
    failed = client.post(
        "/accounts/login/",
        {"username": "chuyenvien", "password": "sai"},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_REQUEST_ID="req-failed-1",
    )
    assert failed.status_code == 200

    session = list(Event.objects.filter(case_key=session_case(user)).order_by("seq"))
    assert [(e.action, e.ip_address, e.actor_id) for e in session] == [
        ("auth.logged_in", "10.1.2.3", user.pk),
        ("auth.logged_out", "10.1.2.4", user.pk),
    ]
    assert all(e.request_id for e in session)
    refused = Event.objects.get(case_key=failed_login_case("chuyenvien"))
    assert refused.action == "auth.login_failed" and refused.actor is None
    # Not behind a trusted proxy: the client's own X-Request-ID is not taken (tests/accounts/test_proxy.py).
    assert refused.ip_address == "10.9.9.9" and refused.request_id and refused.request_id != "req-failed-1"
    assert refused.changes == {"username": [None, "chuyenvien"]}
    assert "sai" not in str(refused.changes)  # the password tried is never kept


def test_a_refused_request_is_recorded_in_the_persons_own_chain(client):
    province = Province()
    client.force_login(province.host_officer)
    assert client.get("/audit/?action=x", REMOTE_ADDR="10.0.0.7").status_code == 403  # not an auditor
    event = Event.objects.get(action="security.permission_denied")
    assert event.case_key == refusal_case(province.host_officer)
    assert event.actor == province.host_officer
    assert event.changes == {"method": [None, "GET"], "path": [None, "/audit/?action=x"]}
    assert event.ip_address == "10.0.0.7" and event.request_id


def test_anonymous_visitors_are_sent_to_login_and_not_recorded_as_refused(client):
    assert client.get("/audit/").status_code == 302
    assert not Event.objects.filter(action="security.permission_denied").exists()
