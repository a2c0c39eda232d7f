"""Two gunicorn servers on two ports over one database are one site: a person signed in through one is signed in
through the other, and signing out on either ends the session on both (sessions live in the database)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import Province
from tests.postgres_cluster import _free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mat-khau-dung-chung-ca-hai-may"
PROJECT = Path(__file__).resolve().parents[2]


def _database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers():
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "false", "NOTIFICATIONS_ENABLED": "false"}
    servers = []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            servers.append((process, f"http://127.0.0.1:{port}"))
        for process, base in servers:
            _wait_until_serving(process, base)
        yield [base for _, base in servers]
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_serving(process, base):
    for _ in range(300):
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped: {process.stderr.read()[-2000:]}")
        try:
            # A worker's first page loads the whole site: slow on a busy machine (the suite runs on every core).
            if requests.get(f"{base}/accounts/login/", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer at {base}")


def test_a_session_opened_on_one_server_is_honoured_and_closed_on_the_other(two_servers):
    first, second = two_servers
    officer = Province("G").dept_officer
    officer.first_name, officer.last_name = "Phạm Ngọc", "Lan"  # family and middle names first, as the demo
    hasher = PBKDF2PasswordHasher()  # the servers run the site's settings, not the suite's fast hasher
    officer.password = hasher.encode(PASSWORD, hasher.salt())
    officer.save()
    browser = requests.Session()
    browser.get(f"{first}/accounts/login/")
    signed_in = browser.post(
        f"{first}/accounts/login/",
        data={"username": officer.username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        headers={"Referer": f"{first}/accounts/login/"},
    )
    assert signed_in.status_code == 200 and signed_in.url == f"{first}/"

    home = browser.get(f"{second}/")  # the other server: same cookie, same session row
    assert home.url == f"{second}/" and "Phạm Ngọc Lan" in home.text

    browser.post(
        f"{second}/accounts/logout/",
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        headers={"Referer": f"{second}/"},
    )
    after = browser.get(f"{first}/")
    assert after.url.startswith(f"{first}/accounts/login/")
