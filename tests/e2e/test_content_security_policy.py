"""The pages work under the Content-Security-Policy, enforced as in production: chromium reports no violation
(and no script error) on the login page, the queue, a task's page, a result, the KPI charts, the audit search and
the admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.session import forget_the_signed_in_person
from tests.reports.builders import ReportingProvince
from tests.workflows.helpers import open_task, task_url

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"
WATCH_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def enforced_csp(settings):
    settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY or settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None


@pytest.fixture
def problems(page):
    found = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on(
        "console",
        lambda m: found.append(m.text) if ("CSP-VIOLATION" in m.text or "Content Security Policy" in m.text) else None,
    )
    page.on("pageerror", lambda error: found.append(f"script error: {error}"))
    return found


def log_in(page, base, username, password=PASSWORD):
    forget_the_signed_in_person(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, (url, response.status)
    assert "content-security-policy" in response.headers, url
    return response


def test_pages_raise_no_csp_violation_when_the_policy_is_enforced(live_server, page, enforced_csp, problems):
    base = live_server.url
    province = ReportingProvince("A")
    result = province.accepted()
    task = open_task(result)
    with task.activation() as activation:
        activation.assign(province.host_officer)

    log_in(page, base, province.host_officer.username)
    visit(page, f"{base}/workflow/result/queue/")
    visit(page, f"{base}/workflow/result/inbox/")
    visit(page, f"{base}{task_url(task, 'execute')}")
    expect(page.locator("form.vf-form")).to_be_visible()
    expect(page.locator("vf-turbo")).to_have_count(1)
    visit(page, f"{base}/results/")
    visit(page, f"{base}/results/{result.pk}/")
    visit(page, f"{base}/accounts/password/change/")

    log_in(page, base, province.dept_reporter.username)
    visit(page, f"{base}/reports/kpi/")
    expect(page.locator("svg.chart").first).to_be_visible()
    visit(page, f"{base}/reports/")

    log_in(page, base, province.auditor.username)
    visit(page, f"{base}/audit/?action=auth.logged_in")

    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    forget_the_signed_in_person(page)
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    visit(page, f"{base}/admin/")
    visit(page, f"{base}/admin/tasks_registry/result/")
    visit(page, f"{base}/admin/tasks_registry/result/{result.pk}/change/")
    visit(page, f"{base}/admin/axes/accessattempt/")

    assert problems == [], "\n".join(problems)
