"""A session ends after 30 idle minutes, and 10 hours after login whatever the activity."""

import time

import pytest

from accounts.sessions import SEEN, STARTED
from tests.factories import Province

pytestmark = pytest.mark.django_db


def _age(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "seen": SEEN}[key]] = now - ago
    session.save()


def test_a_person_idle_for_longer_than_the_timeout_must_sign_in_again(client, settings):
    client.force_login(Province().host_officer)
    assert client.get("/results/").status_code == 200
    _age(client, seen=settings.SESSION_IDLE_SECONDS + 5)
    expired = client.get("/results/?q=x")
    assert expired.status_code == 302
    assert expired["Location"] == "/accounts/login/?next=%2Fresults%2F%3Fq%3Dx"  # back to the page after login
    assert client.get("/results/").status_code == 302  # the session is gone, not just refused once


def test_activity_keeps_a_session_open_past_the_idle_timeout(client, settings):
    client.force_login(Province().host_officer)
    idle = settings.SESSION_IDLE_SECONDS
    _age(client, started=idle * 2, seen=idle - 60)  # 29 minutes since the last page
    assert client.get("/results/").status_code == 200  # the page refreshes the idle clock ...
    assert time.time() - client.session[SEEN] < 5
    assert client.get("/results/").status_code == 200  # ... so the person keeps working


def test_even_a_busy_session_ends_after_the_absolute_age(client, settings):
    client.force_login(Province().host_officer)
    _age(client, started=settings.SESSION_ABSOLUTE_SECONDS + 5, seen=10)
    assert client.get("/results/").status_code == 302


def test_the_limits_have_sane_defaults_shorter_than_djangos_two_weeks(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert 8 * 3600 <= settings.SESSION_ABSOLUTE_SECONDS <= 12 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_SECONDS


def test_a_login_over_an_old_session_restarts_both_clocks(client, settings):
    officer = Province().host_officer
    client.force_login(officer)
    _age(client, started=settings.SESSION_ABSOLUTE_SECONDS - 10, seen=60)
    client.force_login(officer)  # login() keeps the session's data when the same person signs in again
    assert time.time() - client.session[STARTED] < 5
    assert time.time() - client.session[SEEN] < 5
