"""The report pages, the viewflow process of a report, and the consolidated downloads."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook
from viewflow.workflow import STATUS

from reports import services
from reports.annual_report_flow import AnnualReportFlow, open_task_of
from reports.models import AnnualReport, Indicator, ReportStatus
from tasks_registry.models import AgencyKind
from tasks_registry.roles import Role
from tests.factories import make_agency, make_member

from .builders import EXPECTED_HOST, YEAR, ReportingProvince, hand_counted_registry

pytestmark = pytest.mark.django_db


def task_url(task, action):
    return f"/workflow/annualreport/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


def work(client, user, report, data):
    """Claim the report's open task and complete it, as the person would on the task's page."""
    client.force_login(user)
    task = open_task_of(report)
    assert client.post(task_url(task, "assign")).status_code == 302, task.flow_task.name
    response = client.post(task_url(task, "execute"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return task


def test_the_flow_drafts_approves_returns_and_accepts_through_the_task_pages(client):
    p = ReportingProvince("A")
    report, _dept = p.open()
    assert open_task_of(report).flow_task.name == "draft"
    # Another agency's reporter cannot take the draft.
    client.force_login(p.dept_reporter)
    assert client.post(task_url(open_task_of(report), "assign")).status_code in (302, 403)
    assert open_task_of(report).owner_id is None

    work(
        client,
        p.host_reporter,
        report,
        {
            "manual_startups_supported": "4",
            f"progress_{p.plan_task.pk}": "Đã tổ chức 2 hội nghị",
            "difficulties": "Thiếu kinh phí",
            "proposals": "",
        },
    )
    assert open_task_of(report).flow_task.name == "approve"
    work(client, p.host_head, report, {"decision": "send_back_to_reporter", "comment": "Ghi rõ số hội nghị"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.returned_by_head
    assert report.return_comment == "Ghi rõ số hội nghị"
    assert open_task_of(report).flow_task.name == "draft"  # the head sent it back to its reporter
    work(
        client, p.host_reporter, report, {"manual_startups_supported": "4", f"progress_{p.plan_task.pk}": "2 hội nghị"}
    )
    work(client, p.host_head, report, {"decision": "submit", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not report.returned_by_head
    assert open_task_of(report).flow_task.name == "review"
    work(client, p.dept_officer, report, {"decision": "return_with_comments", "comment": "Bổ sung tiến độ"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert open_task_of(report).flow_task.name == "draft"  # back to the reporter
    work(
        client, p.host_reporter, report, {"manual_startups_supported": "5", f"progress_{p.plan_task.pk}": "3 hội nghị"}
    )
    work(client, p.host_head, report, {"decision": "submit", "comment": "Đã bổ sung"})
    work(client, p.dept_officer, report, {"decision": "accept", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.manual_figures == {"startups_supported": 5}
    assert open_task_of(report) is None
    process = AnnualReportFlow.process_class.objects.get(artifact_object_id=report.pk)
    assert process.status == STATUS.DONE


def test_report_pages_are_scoped(client):
    p, other = ReportingProvince("A"), ReportingProvince("B")
    report, dept_report = p.open()
    for user in (p.host_reporter, p.host_head):
        client.force_login(user)
        page = client.get("/reports/").content.decode()
        assert f'href="/reports/{report.pk}/"' in page and f'href="/reports/{dept_report.pk}/"' not in page
        assert client.get(f"/reports/{report.pk}/").status_code == 200
        assert client.get(f"/reports/{dept_report.pk}/").status_code == 404
    client.force_login(p.dept_officer)  # Sở KH&CN sees every report it receives
    page = client.get("/reports/").content.decode()
    assert f'href="/reports/{report.pk}/"' in page and f'href="/reports/{dept_report.pk}/"' in page
    assert client.get(f"/reports/consolidated/{YEAR}/").status_code == 200
    for outsider in (p.host_officer, p.receiver_officer, p.auditor, other.dept_officer):
        client.force_login(outsider)  # no reporting or consolidating role: refused
        assert client.get("/reports/").status_code == 403
        assert client.get(f"/reports/{report.pk}/").status_code == 403
    client.force_login(other.host_reporter)  # another agency's reporter: its own list, not ours
    assert f'href="/reports/{report.pk}/"' not in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    client.force_login(p.host_reporter)
    assert client.get(f"/reports/consolidated/{YEAR}/").status_code == 403
    response = client.get(f"/reports/consolidated/{YEAR}.xlsx")
    assert response.status_code == 403


def test_the_report_list_takes_the_same_queries_for_10_and_50_reports(client):
    p = ReportingProvince("A")

    def add_agencies(n):
        for _ in range(n):
            make_agency(
                kind=AgencyKind.DEPARTMENT, parent=p.committee, province=p.province
            )  # the plan's clause names departments

    add_agencies(8)
    p.open(YEAR)
    client.force_login(p.dept_officer)
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/reports/").content.decode().count("<tr>") - 1 == 10
    add_agencies(40)
    p.open(YEAR - 1)
    assert AnnualReport.objects.count() == 10 + 50
    with CaptureQueriesContext(connection) as fifty:
        page = client.get("/reports/").content.decode()
    assert page.count("<tr>") - 1 == 50  # one page of 50 rows
    assert len(ten) == len(fifty)
    with CaptureQueriesContext(connection) as kpi_few:
        client.get(f"/reports/kpi/?year={YEAR}")
    p.open(YEAR - 2)
    with CaptureQueriesContext(connection) as kpi_many:
        client.get(f"/reports/kpi/?year={YEAR - 2}")
    assert len(kpi_few) == len(kpi_many)


def _accepted_province(province=None):
    p = ReportingProvince("A", province)
    hand_counted_registry(p)
    host_report, dept_report = p.open()
    for report, reporter, head, agency in [
        (host_report, p.host_reporter, p.host_head, p.host),
        (dept_report, p.dept_reporter, p.dept_head, p.department),
    ]:
        services.save_draft(
            report,
            actor=reporter,
            agency=agency,
            manual_figures={"startups_supported": 6},
            difficulties=f"Khó khăn của {agency.name}",
        )
        services.approve_and_submit(report, actor=head, agency=agency)
        services.accept(report, actor=p.dept_officer, agency=p.department)
    return p


def test_xlsx_export_holds_the_consolidated_figures(client):
    p = _accepted_province()
    client.force_login(p.dept_officer)
    response = client.get(f"/reports/consolidated/{YEAR}.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert str(YEAR) in rows[next(iter(rows))][0]  # the title names the year
    named = {indicator.code: indicator.name for indicator in Indicator.objects.all()}  # names, never codes
    # The province's figures count each result once, though both the host and Sở KH&CN report it.
    assert rows[named["results_recognised"]][2] == EXPECTED_HOST["results_recognised"]
    assert rows[named["transfers_value"]][2] == EXPECTED_HOST["transfers_value"]
    assert rows[named["startups_supported"]][2] == 12  # a manual count: summed
    headers = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Chỉ tiêu")
    host_column = headers.index(p.host.name)
    assert rows[named["results_recognised"]][host_column] == EXPECTED_HOST["results_recognised"]  # each agency beside


def test_docx_export_is_an_administrative_document(client):
    p = _accepted_province()
    client.force_login(p.dept_head)
    response = client.get(f"/reports/consolidated/{YEAR}.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [para.text for para in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    everything = "\n".join(texts + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything and "Độc lập - Tự do - Hạnh phúc" in everything
    assert "Số: …/BC-SKHCN" in everything
    assert ", ngày " in everything and " tháng " in everything and f"năm {YEAR}" in everything
    assert "BÁO CÁO" in texts and any(str(YEAR) in t for t in texts)
    figures_table = document.tables[1]
    row = next(r for r in figures_table.rows if r.cells[0].text == "Văn bằng sở hữu trí tuệ được cấp trong năm")
    assert row.cells[2].text == str(EXPECTED_HOST["ip_titles_granted"])
    assert f"Khó khăn của {p.host.name}" in everything
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = [run for para in document.paragraphs for run in para.runs if run.text.strip()]
    assert runs and all(run.font.name == "Times New Roman" for run in runs)


def test_kpi_dashboard_draws_each_indicator_against_its_target(client):
    from tasks_registry.models import Province

    p = _accepted_province(Province.objects.get(name="Đồng Tháp"))
    client.force_login(p.dept_officer)
    page = client.get("/reports/kpi/?year=2025").content.decode()
    assert page.count("<svg") >= 5 and 'role="img"' in page and "<script" not in page.split("<main")[1]
    assert "≥ 10" in page  # Đồng Tháp: share supported ≥ 10% in 2025
    page = client.get(f"/reports/kpi/?year={YEAR}").content.decode()
    assert p.host.name in page


@pytest.mark.django_db
def test_a_reporter_has_the_agencys_report_queue_and_nothing_else():
    from tests.factories import Province
    from workflows.permissions import queue_permission, queue_permissions_of

    province = Province()
    reporter = make_member(province.host, Role.REPORTER, "host-reporter")
    assert queue_permissions_of(reporter) == {queue_permission(province.host.pk, Role.REPORTER)}


def test_each_flows_bulk_claim_takes_only_its_own_tasks_and_records_them_in_their_own_case(client):
    """An officer of the Sở has a result's registration to check and a report to review in their queues; a claim
    posted to one flow's bulk action leaves the other flow's task alone (it used to reach it and fail)."""
    from audit.models import Event
    from audit.recorder import case_key_for
    from tasks_registry import services as registry_services
    from tests.workflows.helpers import open_task as open_result_task

    p = ReportingProvince("A")
    report, _dept = p.open()
    work(client, p.host_reporter, report, {"manual_startups_supported": "1", f"progress_{p.plan_task.pk}": "Đã làm"})
    work(client, p.host_head, report, {"decision": "submit", "comment": ""})
    review = open_task_of(report)
    result = p.accepted()
    registry_services.take_step(result, "submit_registration", actor=p.host_officer, agency=p.host)
    check = open_result_task(result)
    client.force_login(p.dept_officer)

    both = {"pk": [check.pk, review.pk], "_confirm": "1"}
    assert client.post("/workflow/result/queue/assign/", both).status_code == 302
    check.refresh_from_db()
    review.refresh_from_db()
    assert (check.owner, review.owner) == (p.dept_officer, None)

    assert client.post("/workflow/annualreport/queue/assign/", both).status_code == 302
    review.refresh_from_db()
    assert review.owner == p.dept_officer
    claimed = Event.objects.filter(action="task.claimed")
    assert claimed.filter(case_key=case_key_for(report), changes__task__1__id=review.pk).count() == 1
    assert claimed.filter(case_key=case_key_for(result), changes__task__1__id=check.pk).count() == 1
