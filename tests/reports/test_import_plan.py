"""`manage.py import_plan`: plan tasks from Excel, all or nothing, errors named by row and column."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from reports.models import PlanTask
from reports.plan_import import COLUMNS

from .builders import ReportingProvince

pytestmark = pytest.mark.django_db


def sheet(tmp_path, rows):
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    return str(path)


def test_imports_the_appendix_rows(tmp_path):
    p = ReportingProvince("A")
    path = sheet(
        tmp_path,
        [
            ("A", "Thúc đẩy phát triển nguồn cầu", None, None, None),
            (1, "Đánh giá trình độ công nghệ", "A-SKHCN", "A-HOST; A-HTX", "Năm 2023"),
            ("C", None, None, None, None),
            (9, "Hội nghị giới thiệu kết quả", "A-HOST", "", "Thường xuyên"),
        ],
    )
    call_command("import_plan", path, plan=p.plan.code)
    task = PlanTask.objects.get(plan=p.plan, number=1)
    assert (task.section, task.lead_agency, task.timeline) == ("A", p.department, "Năm 2023")
    assert set(task.coordinating_agencies.all()) == {p.host, p.receiver}
    assert PlanTask.objects.get(plan=p.plan, number=9).section == "C"


def test_a_wrong_row_writes_nothing_and_names_row_and_column(tmp_path):
    p = ReportingProvince("A")
    before = PlanTask.objects.count()
    path = sheet(
        tmp_path,
        [
            (1, "Đánh giá trình độ công nghệ", "A-SKHCN", "", "Năm 2023"),
            (2, "", "KHONG-CO", "A-HOST;XYZ", "2023 - 2025"),
        ],
    )
    with pytest.raises(CommandError) as error:
        call_command("import_plan", path, plan=p.plan.code)
    message = str(error.value)
    assert "Dòng 3, cột Nhiệm vụ và giải pháp" in message
    assert "Dòng 3, cột Đơn vị chủ trì" in message and "KHONG-CO" in message
    assert "Dòng 3, cột Đơn vị phối hợp" in message and "XYZ" in message
    assert PlanTask.objects.count() == before


def test_another_plans_sections_and_one_year_timelines_need_no_code(tmp_path):
    from reports.models import PlanSection

    p = ReportingProvince("A")
    path = sheet(
        tmp_path,
        [
            ("I", "Nâng cao năng lực tổ chức trung gian", None, None, None),
            (1, "Thành lập sàn giao dịch công nghệ", "A-SKHCN", "", "Năm 2024"),
            ("II.", "Số hoá kết quả nghiên cứu", None, None, None),
            (2, "Xây dựng cơ sở dữ liệu cung cầu", "A-SKHCN", "", "2024 - 2026"),
        ],
    )
    call_command("import_plan", path, plan=p.plan.code)
    assert dict(PlanSection.objects.filter(plan=p.plan).values_list("code", "title")) == {
        "I": "Nâng cao năng lực tổ chức trung gian",
        "II": "Số hoá kết quả nghiên cứu",
    }
    first, second = PlanTask.objects.get(plan=p.plan, number=1), PlanTask.objects.get(plan=p.plan, number=2)
    assert (first.section, first.year_from, first.year_to) == ("I", 2024, 2024)
    assert (second.section, second.year_from, second.year_to) == ("II", 2024, 2026)
    assert first.runs_in(2024) and not first.runs_in(2025) and second.runs_in(2025)
