"""Filing and accepting an annual report in a real browser, then the KPI dashboard (screenshot
test-artifacts/e2e/kpi-dashboard.png): the host's reporter drafts, its head approves and sends, and an officer of
the Sở KH&CN accepts it, each from the report's page through the flow's task pages."""

import re

import pytest

from reports.annual_report_flow import open_task_of
from reports.models import ReportStatus
from tests.e2e.session import forget_the_signed_in_person
from tests.reports.builders import YEAR, ReportingProvince, hand_counted_registry

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "secret-pass-123"


def log_in(page, base, user):
    forget_the_signed_in_person(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def take_task(page, base, report, node):
    """From the report's page: claim the open task and land on its form."""
    page.goto(f"{base}/reports/{report.pk}/")
    task = open_task_of(report)
    assert task.flow_task.name == node
    page.locator("main form button[name='_continue']").click()
    page.wait_for_url(re.compile(rf"/{node}/{task.pk}/execute/"))
    return task


def execute(page, task):
    page.locator("form.vf-form button:not([type='button']):not([name='_continue'])").last.click()
    page.wait_for_url(lambda url: f"/{task.pk}/execute/" not in url)


def test_a_report_is_filed_accepted_and_counted_on_the_dashboard(live_server, page, static_files, screenshot):
    province = ReportingProvince("A")
    hand_counted_registry(province)
    report, _dept_report = province.open()
    base = live_server.url

    log_in(page, base, province.host_reporter)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.locator("main")).to_contain_text(province.host.name)
    task = take_task(page, base, report, "draft")
    page.locator("input[name='manual_startups_supported']").fill("4")
    page.locator(f"textarea[name='progress_{province.plan_task.pk}']").fill("Tổ chức 2 hội nghị chuyển giao")
    page.locator("textarea[name='difficulties']").fill("Thiếu kinh phí đối ứng")
    screenshot("annual-report-draft")
    execute(page, task)

    log_in(page, base, province.host_head)
    task = take_task(page, base, report, "approve")
    page.check("input[name='decision'][value='submit']")
    execute(page, task)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    log_in(page, base, province.dept_officer)
    task = take_task(page, base, report, "review")
    page.check("input[name='decision'][value='accept']")
    execute(page, task)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.manual_figures == {"startups_supported": 4} and report.difficulties == "Thiếu kinh phí đối ứng"

    page.goto(f"{base}/reports/{report.pk}/")
    expect(page.locator(".report-status")).to_contain_text("Đã tiếp nhận")
    page.goto(f"{base}/reports/kpi/?year={YEAR}")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(province.host.name)
    screenshot("kpi-dashboard")
    # Navigating away aborts a page's late requests (fonts, icons): only an answered failure counts.
    assert [failure for failure in static_files.failed if "ERR_ABORTED" not in failure] == []
    assert any(url.endswith("/static/css/app.css") for url in static_files.served)
