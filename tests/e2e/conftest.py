"""A real browser for the end-to-end tests: Debian's chromium, driven by Playwright, against pytest-django's
live server (which also serves the static files, viewflow's included, through StaticFilesHandler).

Playwright never downloads a browser here: it drives /usr/bin/chromium, which scripts/ensure_chromium
installs (`make test` runs it first). When chromium or Playwright is missing, the tests FAIL under CI=true and
are skipped, with the reason, otherwise.
"""

import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without these flags chromium stalls on its background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Generous: on the 2-core CI machine, with the every-login walk's browser on the other worker, a login has taken more
# than 30 s once (the same test alone: 19 s in all, pages under 0.2 s).
DEFAULT_TIMEOUT_MS = 60_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def browser_unavailable(reason):
    """Under CI a missing browser is a failure, never a silent skip; on a developer's machine it is a skip."""
    if running_in_ci():
        pytest.fail(f"{reason} CI=true: the end-to-end tests must run.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test.

    Between its calls Playwright's sync API marks its event loop as running in this thread, and Django then
    refuses the test's own ORM calls (SynchronousOnlyOperation). Those calls are synchronous and alone in this
    thread, so the check is lifted for this test only; Playwright starts after the test database is set up and
    stops before it is flushed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("The Python package playwright is missing: pip install -r requirements.lock.")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        browser_unavailable(
            f"Debian's chromium is not installed at {CHROMIUM}: run `sh scripts/ensure_chromium` as root."
        )
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                headless=True, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000
            )
        except Exception as error:  # noqa: BLE001 — whatever the launch error, there is no usable browser
            browser_unavailable(f"{CHROMIUM} did not start: {error}")
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's loop counts as running, Django keeps this thread's connections in
            # context-local storage (asgiref's Local): close them now, or they outlive the test and the test
            # database cannot be dropped at the end of the run.
            connections.close_all()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) per test, in Vietnamese and on Vietnamese time."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context.new_page()
    context.close()


@dataclass
class StaticFiles:
    """What the browser fetched under /static/: the URLs served, and those that failed (status or network)."""

    served: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def record_response(self, response):
        if "/static/" in response.url:
            (self.served if response.ok else self.failed).append(f"{response.status} {response.url}")

    def record_failure(self, request):
        if "/static/" in request.url:
            self.failed.append(f"{request.failure} {request.url}")


@pytest.fixture
def static_files(page):
    """Watches the static files of every page (request it before the first page.goto)."""
    watched = StaticFiles()
    page.on("response", watched.record_response)
    page.on("requestfailed", watched.record_failure)
    return watched


@pytest.fixture
def screenshot(page):
    """screenshot("01-login") saves the whole page to test-artifacts/e2e/01-login.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When an end-to-end test fails, say what the server was doing: a page that never came back (a login has waited
    past the 60 s timeout twice on the CI machine, never here) is a lock, a stuck thread or a slow page, and the
    browser's timeout alone does not tell which."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "live_server" in getattr(item, "fixturenames", ()):
        report.sections.append(("database sessions at the failure", _database_sessions()))
        report.sections.append(("server threads at the failure", _thread_stacks()))


def _database_sessions():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT a.pid, a.state, a.wait_event_type, a.wait_event, now() - a.query_start,"
                " pg_blocking_pids(a.pid), left(a.query, 300)"
                " FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
            )
            return "\n".join(" | ".join(str(value) for value in row) for row in cursor.fetchall()) or "(none)"
    except Exception as error:  # noqa: BLE001 — a diagnostic must not hide the test's own failure
        return f"(not read: {error})"


def _thread_stacks():
    return "\n".join(
        f"--- thread {ident}\n{''.join(traceback.format_stack(frame))}"
        for ident, frame in sys._current_frames().items()
    )
