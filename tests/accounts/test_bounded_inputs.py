"""Out-of-range input gets a clear Vietnamese answer and changes nothing; never a 500, never minutes of CPU."""

import datetime
import time

import pytest
from django.core.management import CommandError, call_command

from audit.models import Event
from reports.models import AnnualReport
from tasks_registry import bounds
from tasks_registry.importing import import_workbook
from tasks_registry.models import Result
from tests.factories import Province
from tests.reports.builders import ReportingProvince
from tests.tasks_registry.test_import import nothing_written, row, write_xlsx
from tests.workflows.helpers import claim, execute, open_task, work_of
from workflows.forms import WorkForm

pytestmark = pytest.mark.django_db

HUGE_TEXT = "Ý kiến rất dài. " * 18_700  # ≈ 300 KB, the size an attacker stored


@pytest.mark.parametrize("year", ["0", "10000", "100000000000000000000", "-5", "năm"])
def test_report_pages_answer_an_impossible_year_without_a_server_error(client, year):
    province = ReportingProvince("A")
    province.open()  # the Sở KH&CN officer consolidates the reports it receives
    client.force_login(province.dept_officer)
    kpi = client.get(f"/reports/kpi/?year={year}")
    assert kpi.status_code == 200
    assert "Năm phải trong khoảng từ 2000 đến 2100." in kpi.content.decode()
    assert client.get(f"/reports/?year={year}").status_code == 200
    if year.isdigit():
        assert client.get(f"/reports/consolidated/{year}/").status_code == 404
        assert client.get(f"/reports/consolidated/{year}.xlsx").status_code == 404


def test_opening_the_reports_of_an_impossible_year_is_refused_with_a_message(client):
    province = ReportingProvince("A")
    province.open()
    opened = AnnualReport.objects.count()
    client.force_login(province.dept_officer)
    for year in ("0", "10000", "100000000000000000000", ""):
        page = client.post("/reports/", {"year": year, "agency": province.department.pk}, follow=True)
        assert page.status_code == 200
        assert "Năm phải trong khoảng từ 2000 đến 2100." in page.content.decode()
    assert AnnualReport.objects.count() == opened


@pytest.mark.parametrize(
    "cursor",
    [
        "x",
        "2024-13-45T00:00:00|1",
        "2024-01-01T00:00:00|99999999999999999999999",
        "|",
        "2024-01-01T00:00:00|-1",
        "9" * 500,
    ],
)
def test_a_bad_audit_cursor_shows_the_first_page(client, cursor):
    province = Province()
    client.force_login(province.auditor)
    page = client.get("/audit/", {"action": "auth.logged_in", "after": cursor})
    assert page.status_code == 200
    assert client.get(f"/audit/people/{province.auditor.pk}/", {"after": cursor}).status_code == 200


def test_audit_dates_outside_the_range_are_refused_on_the_form(client):
    client.force_login(Province().auditor)
    page = client.get("/audit/", {"date_from": "01/01/0001", "date_to": "31/12/9999"})
    assert page.status_code == 200
    assert "Ngày phải trong khoảng từ 01/01/1950 đến 31/12/2100." in page.content.decode()
    assert client.get("/audit/export.csv", {"date_to": "31/12/9999"}).status_code == 302  # back to the form


def test_a_head_cannot_set_a_due_date_of_the_year_one(client):
    province = Province()
    task = open_task(province.accepted())
    before = work_of(task).due_on
    client.force_login(province.host_head)
    page = client.post(
        f"/work/{task.pk}/plan/", {"priority": "1", "due_on": "01/01/0001", "reason": "Thử"}, follow=True
    )
    assert "Ngày phải trong khoảng từ 01/01/1950 đến 31/12/2100." in page.content.decode()
    assert work_of(task).due_on == before
    assert not Event.objects.filter(action="task.planned").exists()


def test_a_300_kb_comment_is_refused_with_a_message_and_nothing_is_stored(client):
    province = Province()
    result = province.accepted()
    task = open_task(result)
    client.force_login(province.host_officer)
    claim(client, task)
    events_before = Event.objects.count()
    page = execute(client, task, {"step": "submit_registration", "comment": HUGE_TEXT})
    assert page.status_code == 200
    assert "tối đa 5000 kí tự" in page.content.decode()  # Django's own Vietnamese for max_length
    result.refresh_from_db()
    assert result.status == "accepted"
    assert Event.objects.count() == events_before
    assert not Event.objects.filter(comment__contains="Ý kiến rất dài").exists()


@pytest.mark.parametrize("amount", ["1e5000", "1e1000000", "9" * 40])
def test_huge_amounts_on_a_task_form_are_refused_at_once(amount):
    started = time.monotonic()
    form = WorkForm({"step": "offer_transfer", "contract_value": amount}, steps=["offer_transfer"])
    assert not form.is_valid()
    assert form.errors["contract_value"]
    assert time.monotonic() - started < 1


def test_an_import_with_more_rows_than_the_limit_is_refused_before_reading_it_all(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    province = Province("P")
    rows = [row(province, task_code=f"ĐT-2022-{n:02d}", result_title=f"Kết quả {n}") for n in range(5)]
    report = import_workbook(write_xlsx(tmp_path / "nhieu-dong.xlsx", rows))
    assert len(report.errors) == 1
    assert "Tệp «nhieu-dong.xlsx» có hơn 3 dòng dữ liệu; tối đa 3 dòng một lần nhập: hãy chia thành nhiều tệp." in str(
        report.errors[0]
    )
    assert nothing_written()


def test_an_import_file_over_the_size_limit_is_refused_with_its_size(tmp_path, settings):
    province = Province("P")
    path = write_xlsx(tmp_path / "lon.xlsx", [row(province)])
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(CommandError):
        call_command("import_results", str(path))
    report = import_workbook(path)
    assert len(report.errors) == 1 and "quá lớn" in str(report.errors[0]) and "tối đa 0,0 MB" in str(report.errors[0])
    assert nothing_written()


def test_an_imported_date_in_the_year_one_is_an_error_of_its_cell(tmp_path):
    province = Province("P")
    report = import_workbook(write_xlsx(tmp_path / "ngay.xlsx", [row(province, acceptance_date="01/01/0001")]))
    assert any("Ngày phải trong khoảng" in str(error) for error in report.errors)
    assert not Result.objects.exists()


def test_the_limits_are_settings_with_sane_defaults(settings):
    assert settings.IMPORT_MAX_ROWS == 5000
    assert settings.IMPORT_MAX_BYTES == 10 * 1024 * 1024
    assert bounds.date_error(datetime.date(2025, 1, 1)) is None  # dates people use stay inside the range
    assert bounds.date_error(datetime.date(1, 1, 1))
