"""The files a person downloads, opened the way an office suite reads them (python-docx, openpyxl, the CSV bytes):
the consolidated report is a Decree 30/2020 document signed by a real person; every workbook has Vietnamese sheets
and headers, widths, a frozen header, A4 print set-up, numbers and dates typed, no formulas and no codes in sight."""

import csv
import datetime
import io
import re

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from audit.models import Event
from office import layout
from reports import services
from reports.models import Comparison, Indicator, Target
from tasks_registry.importing import template_workbook_bytes
from tasks_registry.models import AgencyKind, Membership
from tasks_registry.roles import Role
from tests.audit.builders import grant
from tests.factories import make_agency, make_member
from tests.reports.builders import EXPECTED_HOST, YEAR, ReportingProvince, hand_counted_registry

pytestmark = pytest.mark.django_db
RAW_CODE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$|^[a-z_]+\.[a-z_]+(:\d+)?$")  # snake_case keys, dotted actions


def _name(user, family, given):
    user.first_name, user.last_name = family, given
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def province():
    """Province A with the hand-counted registry; both agencies' reports accepted; the Sở's head is a deputy who
    signs "KT. GIÁM ĐỐC"; a target "= 1" that a spreadsheet would have turned into a formula."""
    p = ReportingProvince("A")
    hand_counted_registry(p)
    p.silent = make_agency(
        "A-SCT", AgencyKind.DEPARTMENT, "Sở Công Thương A", parent=p.committee, province=p.province
    )  # must report (a department) and never sends its report
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
            proposals=f"Đề xuất của {agency.name}",
            progress={p.plan_task.pk: "Đã tổ chức 2 hội nghị giới thiệu kết quả"} if agency == p.host else None,
        )
        services.approve_and_submit(report, actor=head, agency=agency)
        services.accept(report, actor=p.dept_officer, agency=p.department)
    Membership.objects.filter(user=p.dept_head, agency=p.department).update(
        position="Phó Giám đốc", signing_authority="KT.", signs_for="Giám đốc"
    )
    _name(p.dept_head, "Lê Văn", "Phúc")
    Target.objects.create(
        indicator=Indicator.objects.get(code="supply_demand_database"),
        province=p.province.name,
        year=YEAR,
        value=1,
        comparison=Comparison.EQUAL,
        source="Kế hoạch A, mục II.2",
    )
    return p


def _docx(client, user):
    client.force_login(user)
    response = client.get(f"/reports/consolidated/{YEAR}.docx")
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _mm(length):
    return round(length / Mm(1), 1)


def _run(paragraph):
    return next(run for run in paragraph.runs if run.text.strip())


def _has_bottom_rule(paragraph):
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    bottom = borders.find(qn("w:bottom")) if borders is not None else None
    return bottom is not None and bottom.get(qn("w:val")) == "single"


def test_the_word_report_is_on_a4_with_the_decrees_margins_page_numbers_from_page_two_and_vietnamese(client, province):
    document = _docx(client, province.dept_head)
    section = document.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    assert 20 <= _mm(section.top_margin) <= 25 and 20 <= _mm(section.bottom_margin) <= 25
    assert 30 <= _mm(section.left_margin) <= 35 and 15 <= _mm(section.right_margin) <= 20
    # Page numbers: a PAGE field in the header of every page but the first, whose own header is empty.
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    # Spelling is checked as Vietnamese; the file's properties are this document's, not python-docx's template's.
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    props = document.core_properties
    assert props.language == "vi-VN" and props.author == "Lê Văn Phúc" and props.created.year == YEAR
    assert str(YEAR) in props.title and "python-docx" not in (props.comments or "") + (props.author or "")


def test_the_heading_has_the_national_title_on_one_line_the_motto_and_issuer_with_their_rules(client, province):
    document = _docx(client, province.dept_head)
    heading = document.tables[0]
    left, right = heading.cell(0, 0).paragraphs, heading.cell(0, 1).paragraphs
    national, motto = right[0], right[1]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and _run(national).bold
    assert _run(national).font.size.pt in (12, 13) and _run(national).font.name == "Times New Roman"
    # Room for the title on one line at 12 pt (about 89 mm, measured in docs-preview): 95 mm without inner margins.
    assert heading.cell(0, 1).width >= Mm(95) and heading.cell(0, 0).width >= Mm(70)
    margins = heading._tbl.tblPr.find(qn("w:tblCellMar"))
    assert [m.get(qn("w:w")) for m in margins] == ["0", "0"]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and _run(motto).bold and _run(motto).font.size.pt in (13, 14)
    assert _has_bottom_rule(right[2]) and not right[2].text  # the rule under the motto
    superior, issuer = left[0], left[1]
    assert superior.text == "UBND TỈNH A" and not _run(superior).bold
    assert issuer.text == "SỞ KHOA HỌC VÀ CÔNG NGHỆ A" and _run(issuer).bold
    assert _has_bottom_rule(left[2]) and not left[2].text  # the rule under the issuing body
    assert _run(issuer).font.size.pt in (12, 13)
    number = heading.cell(1, 0).paragraphs[0]
    assert number.text.startswith("Số: …/BC-") and _run(number).font.size.pt == 13
    place = heading.cell(1, 1).paragraphs[0]
    assert place.text == f"{province.province.name}, {layout.document_date(datetime.date.today())}"
    assert _run(place).italic and _run(place).font.size.pt in (13, 14)
    kind = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert _run(kind).bold and _run(kind).font.size.pt in (13, 14)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (datetime.date(2026, 2, 15), "ngày 15 tháng 02 năm 2026"),
        (datetime.date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (datetime.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_only_months_one_and_two(day, text):
    assert layout.document_date(day) == text


def test_the_body_is_justified_with_a_first_line_indent_and_holds_every_part_of_the_report(client, province):
    document = _docx(client, province.dept_head)
    texts = [p.text for p in document.paragraphs]
    intro = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert intro.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and _mm(intro.paragraph_format.first_line_indent) == 10.0
    assert "Sở Khoa học và Công nghệ A báo cáo" in intro.text  # the agency's name as written, not lowercased
    assert not any(t.startswith("  ") for t in texts)  # indentation is a format, never spaces
    for part in (
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH",
        "III. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        "IV. KHÓ KHĂN, VƯỚNG MẮC",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert part in texts
    # The plan's task with the progress its lead reported; the agencies that must report and have not.
    tasks = document.tables[2]
    row = next(r for r in tasks.rows if r.cells[1].text == "Thúc đẩy chuyển giao công nghệ")
    assert row.cells[3].text == f"{province.host.name}: Đã tổ chức 2 hội nghị giới thiệu kết quả"
    pending = texts[texts.index("Chưa có báo cáo được tiếp nhận (1 cơ quan, đơn vị):") + 1]
    assert pending == "- Sở Công Thương A (Đang soạn);"  # the committee the reports go to is not listed
    everything = "\n".join(texts)
    assert (
        f"Đề xuất của {province.host.name}" in everything and f"Khó khăn của {province.department.name}" in everything
    )


def test_the_figures_table_is_sized_to_its_content_repeats_its_header_and_never_splits_a_row(client, province):
    table = _docx(client, province.dept_head).tables[1]
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[0] == max(widths) and widths[0] >= 2 * widths[1]  # the indicator's name gets the room
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    money = next(r for r in table.rows if r.cells[0].text == Indicator.objects.get(code="transfers_value").name)
    assert money.cells[2].text == "200.000.000"
    assert money.cells[2]._tc.tcPr.find(qn("w:noWrap")) is not None  # the amount never breaks


def test_the_signature_block_carries_the_signers_authority_title_and_name_and_recipients_at_11_pt(client, province):
    signature = _docx(client, province.dept_head).tables[-1]
    signer = [p.text for p in signature.cell(0, 1).paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Phúc"]
    recipients = signature.cell(0, 0).paragraphs
    assert recipients[0].text == "Nơi nhận:" and _run(recipients[0]).font.size.pt == 12
    assert _run(recipients[0]).italic and _run(recipients[0]).bold
    listed = [p for p in recipients[1:] if p.text]
    assert listed and all(_run(p).font.size.pt == 11 for p in listed) and listed[-1].text.startswith("- Lưu: VT")


def test_the_director_downloading_signs_in_their_own_name_and_an_officers_download_is_for_the_head(client, province):
    director = _name(make_member(province.department, Role.HEAD, "a-director", position="Giám đốc"), "Trần Minh", "Đức")
    block = [p.text for p in _docx(client, director).tables[-1].cell(0, 1).paragraphs if p.text]
    assert block == ["GIÁM ĐỐC", "Trần Minh Đức"]
    # An officer prepares the document for the head who signs in their own right.
    block = [p.text for p in _docx(client, province.dept_officer).tables[-1].cell(0, 1).paragraphs if p.text]
    assert block == ["GIÁM ĐỐC", "Trần Minh Đức"]


# --- Excel ----------------------------------------------------------------------------------------------------------


def _visible_cells(sheet):
    hidden = {letter for letter, dimension in sheet.column_dimensions.items() if dimension.hidden}
    return [
        cell for row in sheet.iter_rows() for cell in row if cell.value is not None and cell.column_letter not in hidden
    ]


def _header_row(sheet, first):
    return next(row for row in sheet.iter_rows() if row[0].value == first)


def _opens_right(sheet, first_header):
    """What every sheet the system writes has: a bold frozen header with a filter, widths, A4 print set-up with the
    title rows repeated, no formula anywhere, no code in sight."""
    header = _header_row(sheet, first_header)
    row = header[0].row
    assert all(cell.font.bold for cell in header if cell.value)
    assert sheet.freeze_panes == f"A{row + 1}" and sheet.auto_filter.ref.startswith(f"A{row}:")
    assert all(sheet.column_dimensions[cell.column_letter].width >= 8 for cell in header)
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows.replace("$", "") == f"1:{row}"
    cells = _visible_cells(sheet)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if isinstance(cell.value, str) and RAW_CODE.match(cell.value)]
    return header


def test_the_consolidated_workbook_types_its_figures_and_dates_and_writes_targets_as_text(client, province):
    client.force_login(province.dept_officer)
    book = load_workbook(io.BytesIO(client.get(f"/reports/consolidated/{YEAR}.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.title == f"Tổng hợp {YEAR}"
    header = _opens_right(sheet, "Chỉ tiêu")
    assert sheet.page_setup.orientation == "landscape"  # nine columns and more: printed across
    assert sheet.column_dimensions["A"].width >= 40
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=header[0].row + 1)}
    money = rows[Indicator.objects.get(code="transfers_value").name][2]
    assert money.value == EXPECTED_HOST["transfers_value"] and "#,##0" in money.number_format
    assert money.number_format.startswith("[$-42A]")  # shown "200.000.000" in any locale
    share = rows[Indicator.objects.get(code="share_transferred").name][2]
    assert float(share.value) == EXPECTED_HOST["share_transferred"] and "0.0" in share.number_format
    database = rows[Indicator.objects.get(code="supply_demand_database").name]
    assert database[3].value == f"= 1 ({YEAR})" and database[3].data_type == "s"  # a comparison, not a formula
    for name in ("Báo cáo đã tiếp nhận", "Chưa báo cáo", "Nhiệm vụ của kế hoạch"):
        _opens_right(book[name], {"Nhiệm vụ của kế hoạch": "STT"}.get(name, "Cơ quan, đơn vị"))
    assert [row[1].value for row in book["Chưa báo cáo"].iter_rows() if row[0].value == "Sở Công Thương A"] == [
        "Đang soạn"
    ]
    received = book["Báo cáo đã tiếp nhận"]
    submitted = [row[1] for row in received.iter_rows() if row[0].value == province.host.name][0]
    assert isinstance(submitted.value, datetime.datetime) and submitted.number_format == "dd/mm/yyyy hh:mm:ss"


def test_the_audit_workbook_reads_as_labels_with_real_times_and_keeps_codes_out_of_sight(client, province):
    grant(province.auditor, province.department, province.host)
    client.force_login(province.auditor)
    response = client.get("/audit/export.xlsx", {"action": "report.approve_and_submit", "date_from": "01/01/2020"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "Nhật ký"
    header = _opens_right(sheet, "Số hiệu sự kiện")
    assert [cell.value for cell in header][:5] == [
        "Số hiệu sự kiện",
        "Thời điểm",
        "Hồ sơ",
        "Thứ tự trong chuỗi",
        "Hành động",
    ]
    rows = list(sheet.iter_rows(min_row=header[0].row + 1))
    assert len(rows) == Event.objects.filter(action="report.approve_and_submit").count() == 2  # host and Sở
    event = rows[0]
    assert event[4].value == "Duyệt và gửi báo cáo" and event[2].value.startswith("Báo cáo")
    assert isinstance(event[1].value, datetime.datetime) and event[1].number_format == "dd/mm/yyyy hh:mm:ss"
    assert event[15].value == "report.approve_and_submit"  # the recorded code, in a hidden column
    assert sheet.column_dimensions[event[15].column_letter].hidden


def test_the_audit_csv_has_a_byte_order_mark_and_a_semicolon_version(client, province):
    grant(province.auditor, province.department, province.host)
    client.force_login(province.auditor)
    filters = {"action": "report.accept", "date_from": "01/01/2020"}
    plain = client.get("/audit/export.csv", filters)
    semicolon = client.get("/audit/export.csv", {**filters, "sep": "semicolon"})
    assert plain["Content-Type"].startswith("text/csv; charset=utf-8")
    for response, delimiter in ((plain, ","), (semicolon, ";")):
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))
        assert rows[0][:5] == ["Số hiệu sự kiện", "Thời điểm", "Hồ sơ", "Thứ tự trong chuỗi", "Hành động"]
        assert [row[4] for row in rows[1:]] == ["Tiếp nhận báo cáo", "Tiếp nhận báo cáo"]
        assert re.match(r"^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d$", rows[1][1])


def test_the_import_template_opens_right_and_its_guide_rows_are_tall_enough_for_their_text():
    book = load_workbook(io.BytesIO(template_workbook_bytes()))
    _opens_right(book["Kết quả"], "Mã số nhiệm vụ")
    guide = book["Hướng dẫn"]
    header = _opens_right(guide, "Cột")
    for row in guide.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 5):
        longest = max(len(str(cell.value or "")) for cell in row[2:4])
        assert guide.row_dimensions[row[0].row].height >= 15 * (longest // 60 + 1)
    rules = [guide.cell(row=n, column=1).value for n in range(2, header[0].row - 1)]
    assert all(f"A{n}:D{n}" in guide.merged_cells for n in range(2, header[0].row - 1)) and rules
