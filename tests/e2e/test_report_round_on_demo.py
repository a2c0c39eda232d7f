"""The reporting round `make run` opens, in a real browser, on the demo's own data (seed_demo): Sở KH&CN's reporter
drafts typing "12,5" and "1.500.000.000", its head returns the draft, the reporter corrects and resubmits, the head
sends it, a Sở officer accepts it; the consolidated page and the KPI page show the figures with their drill-down, and
the Excel and Word downloads read back the figures of the page. Screenshots in test-artifacts/e2e/."""

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from demo import DEMO_PASSWORD
from reports.annual_report_flow import open_task_of
from reports.consolidation import consolidate_province
from reports.models import AnnualReport, ReportStatus
from tests.e2e.session import forget_the_signed_in_person

try:
    from playwright.sync_api import expect
except ImportError:  # tests/e2e/conftest.py turns a missing Playwright into a failure (CI=true) or a skip
    expect = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, base, username):
    forget_the_signed_in_person(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def take_task(page, base, report, node):
    page.goto(f"{base}/reports/{report.pk}/")
    task = open_task_of(report)
    assert task.flow_task.name == node
    page.locator("main form button[name='_continue']").click()
    page.wait_for_url(re.compile(rf"/{node}/{task.pk}/execute/"))
    return task


def execute(page, task):
    page.locator("form.vf-form button:not([type='button']):not([name='_continue'])").last.click()
    page.wait_for_url(lambda url: f"/{task.pk}/execute/" not in url)


def cell_text(page, selector):
    return page.locator(selector).first.inner_text().strip()


def test_the_demo_round_is_drafted_returned_resubmitted_accepted_and_consolidated(live_server, page, screenshot):
    call_command("seed_demo", "--results", "60", verbosity=0)
    # `make run` arrives with the round open: every agency that must report has a draft.
    drafts = AnnualReport.objects.filter(status=ReportStatus.DRAFT)
    assert drafts.count() >= 5 and all(open_task_of(r).flow_task.name == "draft" for r in drafts)
    report = AnnualReport.objects.get(agency__code="SKHCN")
    year, base = report.year, live_server.url
    # The province's figure counts every agency of the province (the former Tiền Giang's too), not only the tasks
    # the Sở hosts or manages, which is what its own report was prefilled with.
    registry_value = consolidate_province(year, report.agency.province).line("transfers_value").value
    assert registry_value != 1_500_000_000

    log_in(page, base, "skhcn.baocao")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.locator("main")).to_contain_text(report.agency.name)
    task = take_task(page, base, report, "draft")
    page.locator("input[name='manual_technology_transaction_share']").fill("12,5")
    page.locator("input[name='manual_transfers_value']").fill("1.500.000.000")
    page.locator("input[name='note_transfers_value']").fill("Thêm hợp đồng ký cuối năm chưa nhập vào hệ thống")
    page.check("input[name='manual_supply_demand_database'][value='1']")
    screenshot("report-round-draft")
    execute(page, task)
    report.refresh_from_db()
    assert report.manual_figures["technology_transaction_share"] == 12.5
    assert report.manual_figures["transfers_value"] == 1_500_000_000

    log_in(page, base, "skhcn.lanhdao")
    task = take_task(page, base, report, "approve")
    page.check("input[name='decision'][value='send_back_to_reporter']")
    page.locator("textarea[name='comment']").fill("Bổ sung khó khăn về kinh phí")
    execute(page, task)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.returned_by_head

    log_in(page, base, "skhcn.baocao")
    page.goto(f"{base}/reports/{report.pk}/")
    expect(page.locator(".return-reason")).to_contain_text("Bổ sung khó khăn về kinh phí")
    task = take_task(page, base, report, "draft")
    expect(page.locator("input[name='manual_technology_transaction_share']")).to_have_value("12,5")
    expect(page.locator("input[name='manual_transfers_value']")).to_have_value("1.500.000.000")
    page.locator("textarea[name='difficulties']").fill("Thiếu kinh phí đối ứng cho chuyển giao")
    execute(page, task)

    log_in(page, base, "skhcn.lanhdao")
    task = take_task(page, base, report, "approve")
    page.check("input[name='decision'][value='submit']")
    execute(page, task)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    log_in(page, base, "skhcn.chuyenvien1")
    task = take_task(page, base, report, "review")
    page.check("input[name='decision'][value='accept']")
    execute(page, task)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    # The consolidated page: the province's figures, the Sở's report beside them, drill-down behind each number.
    page.goto(f"{base}/reports/consolidated/{year}/")
    province_share = cell_text(page, "td.province-value[data-code='technology_transaction_share']")
    assert province_share == "12,5"  # the consolidating Sở's own percentage
    # The Sở's corrected contract value is shown beside the registry's, marked as corrected.
    assert (
        cell_text(page, f"tr:has(td[data-code='transfers_value']) td[data-agency='{report.agency_id}']")
        == "1.500.000.000 ✎"
    )
    page_values = {
        code: cell_text(page, f"td.province-value[data-code='{code}']")
        for code in (
            "results_recognised",
            "results_with_address",
            "results_transferred",
            "share_transferred",
            "transfers_value",
            "technology_transaction_share",
            "supply_demand_database",
        )
    }
    assert page_values["supply_demand_database"] == "Có"
    assert page_values["transfers_value"] == f"{registry_value:,}".replace(",", ".")  # the registry's, not the typed
    screenshot("report-round-consolidated")
    page.locator("td.province-value[data-code='share_transferred'] a").click()
    page.wait_for_url(re.compile(r"/figures/share_transferred/"))
    counts = page.locator(".group-count").all_inner_texts()
    assert len(counts) == 2  # numerator and denominator
    assert page.locator(".drill-group").nth(1).locator("tbody tr").count() == int(counts[1].replace(".", "")) or (
        int(counts[1].replace(".", "")) > 500
    )
    screenshot("report-round-drill-down")

    # The KPI page: the same figures, the statistics' breakdowns and the stage times; drill-down from an agency's row.
    page.goto(f"{base}/reports/kpi/?year={year}")
    assert cell_text(page, "td.province-value[data-code='share_transferred']") == page_values["share_transferred"]
    expect(page.locator("#by-form")).to_be_visible()
    expect(page.locator("#ip-by-kind")).to_be_visible()
    expect(page.locator("table.stage-times")).to_be_visible()
    assert page.locator("table.stage-times tbody tr").count() >= 3  # the demo's steps of this year
    screenshot("report-round-kpi")
    page.locator(f"a[href*='/figures/results_recognised/?agency={report.agency_id}']").first.click()
    page.wait_for_url(re.compile(r"/figures/results_recognised/"))
    expect(page.locator("main")).to_contain_text(report.agency.name)

    # The downloads read back the page's figures.
    workbook = page.request.get(f"{base}/reports/consolidated/{year}.xlsx")
    assert workbook.ok
    sheet = load_workbook(io.BytesIO(workbook.body())).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    from reports.models import Indicator
    from tasks_registry.numbers import format_number

    for code, shown in page_values.items():
        value = rows[Indicator.objects.get(code=code).name][2]  # the workbook names indicators, never codes
        assert (value if isinstance(value, str) else format_number(value)) == shown, code
    word = page.request.get(f"{base}/reports/consolidated/{year}.docx")
    assert word.ok
    table = Document(io.BytesIO(word.body())).tables[1]
    by_name = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    for code, shown in page_values.items():
        assert by_name[Indicator.objects.get(code=code).name] == shown, code
