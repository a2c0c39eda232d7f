"""DJANGO_ENV=production: `check --deploy` has nothing to say, and responses carry HSTS and an enforced CSP.

Settings are read once at start-up, so production mode is started in a separate Python process, as a server would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "t3st-0nly-Kx9#mQ2vL8pZr4Wn7Yb1Hc6Jd0Fg5Ts3Ue8Ri2Oa7Sl4",
    "ALLOWED_HOSTS": "ketqua.example.gov.vn",
    # Production also refuses the development audit key (config/settings.py, audit trust).
    "AUDIT_HMAC_KEYS": "k2026:t3st-0nly-audit-hmac-Qw8Er5Ty2Ui9Op4As7Df1Gh3Jk6Lz0",
    "DATABASE_URL": "sqlite:////tmp/ketqua-production-check-unused.sqlite3",
}


def _run(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "DEBUG", "SECRET_KEY")}
    environment.update(env or PRODUCTION_ENV)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_prints_no_warning_in_production():
    done = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_production_refuses_to_start_with_the_development_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"}
    done = _run("manage.py", "check", env=env)
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="ketqua.example.gov.vn")
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", secure=True)
print(json.dumps({"plain_status": plain.status_code, "plain_location": plain.get("Location"),
                  "status": secure.status_code, "headers": dict(secure.headers), "body": secure.content.decode(),
                  "cookies": {k: {"secure": v["secure"], "httponly": v["httponly"]} for k, v in secure.cookies.items()}}))
"""


@pytest.fixture(scope="module")
def production_login_page():
    done = _run("-c", PROBE, env={**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_plain_http_is_redirected_to_https(production_login_page):
    assert production_login_page["plain_status"] == 301
    assert production_login_page["plain_location"] == "https://ketqua.example.gov.vn/accounts/login/"


def test_a_production_response_carries_hsts_and_an_enforced_csp(production_login_page):
    headers = production_login_page["headers"]
    assert production_login_page["status"] == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    csp = headers["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in headers
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src "))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure_and_not_readable_by_scripts(production_login_page):
    cookies = production_login_page["cookies"]
    assert cookies["csrftoken"]["secure"]
    # the session cookie is set at login; its flags come from the same settings
    done = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE)",
        env={**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert done.stdout.split() == ["True", "True", "True"]


def test_in_development_the_same_policy_is_sent_as_report_only(client):
    response = client.get("/accounts/login/")
    assert "Content-Security-Policy" not in response.headers
    assert "default-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]
