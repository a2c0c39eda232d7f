"""The consolidated report as an Excel workbook (openpyxl) and as a Word document laid out as a Vietnamese
administrative document (Decree 30/2020/NĐ-CP: national heading, issuing body, number and symbol, place and date,
title, body, signature block; Times New Roman)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from .numbers import format_number

NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def fmt(value, indicator=None):
    """A figure as the pages show it ("1.500.000.000", "12,5", "Có"/"Không", "—")."""
    if value is None:
        return "—"
    if indicator is not None and indicator.is_flag:
        return _("Có") if value else _("Không")
    return format_number(value)


def target_text(line):
    if line.target is None:
        return ""
    return f"{line.target.text()} ({line.target.year})"


def met_text(line):
    return {True: _("Đạt"), False: _("Chưa đạt"), None: ""}[line.met]


def title_of(consolidation):
    return _("BÁO CÁO Kết quả thực hiện Kế hoạch phát triển thị trường KH&CN năm %(year)s") % {"year": consolidation.year}


def _cell_value(value, indicator):
    """Numbers stay numbers in the workbook (a reviewer adds them up); flags read Có/Không."""
    if value is None:
        return None
    if indicator.is_flag:
        return _("Có") if value else _("Không")
    return value


def _number_format(indicator):
    return "#,##0.0" if indicator.is_percent else "#,##0"


def _bold_row(sheet):
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def xlsx(consolidation, breakdowns=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng hợp %(year)s") % {"year": consolidation.year}
    sheet.append([title_of(consolidation)])
    sheet["A1"].font = Font(bold=True, name=FONT)
    sheet.append([_("Tỉnh"), consolidation.province])
    sheet.append([])
    agencies = [report.agency.name for report in consolidation.reports]
    headers = [_("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Số liệu của tỉnh"), _("Cách tổng hợp"), _("Mục tiêu"),
               _("Đánh giá"), _("Nguồn mục tiêu"), _("Định nghĩa"), *agencies]
    sheet.append(headers)
    _bold_row(sheet)
    for line in consolidation.lines:
        indicator = line.indicator
        sheet.append([
            indicator.code, indicator.name, indicator.unit, _cell_value(line.value, indicator),
            str(indicator.get_combine_display()) if indicator.is_manual else _("Đếm một lần trong cơ sở dữ liệu"),
            target_text(line), met_text(line), line.target.source if line.target else "", indicator.definition,
            *[_cell_value(value, indicator) for _report, value, _corrected in line.by_agency],
        ])
        row = sheet.max_row
        for column in [4, *range(10, 10 + len(agencies))]:
            sheet.cell(row=row, column=column).number_format = _number_format(indicator)
    if breakdowns:
        _breakdown_sheet(workbook, _("Chuyển giao theo hình thức"), _("Hình thức chuyển giao (Luật CGCN 2017, Điều 5)"),
                         breakdowns["by_form"], with_value=True)
        _breakdown_sheet(workbook, _("Chuyển giao theo bên nhận"), _("Loại đơn vị tiếp nhận"),
                         breakdowns["by_receiver"], with_value=True)
        _breakdown_sheet(workbook, _("Văn bằng SHTT theo loại"), _("Loại văn bằng"), breakdowns["ip_by_kind"],
                         with_value=False)
    reports = workbook.create_sheet(_("Báo cáo đã tiếp nhận"))
    reports.append([_("Cơ quan"), _("Gửi lúc"), _("Nộp muộn")])
    for report in consolidation.reports:
        submitted = timezone.localtime(report.submitted_at).strftime("%d/%m/%Y") if report.submitted_at else ""
        reports.append([report.agency.name, submitted, _("Có") if report.late else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _breakdown_sheet(workbook, title, label, rows, *, with_value):
    sheet = workbook.create_sheet(title[:31])
    sheet.append([label, _("Số lượng"), *([_("Giá trị (đồng)")] if with_value else [])])
    _bold_row(sheet)
    for row in rows:
        sheet.append([row["label"], row["count"], *([row["value"]] if with_value else [])])
        for cell in sheet[sheet.max_row][1:]:
            cell.number_format = "#,##0"


def _paragraph(document, text, *, bold=False, italic=False, size=13, align=WD_ALIGN_PARAGRAPH.LEFT):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    return paragraph


def _cell(cell, text, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=13, italic=False):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    return paragraph


def docx(consolidation, *, issuer=None, signer="", today=None):
    today = today or timezone.localdate()
    issuer = issuer or "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    heading = document.add_table(rows=2, cols=2)
    _cell(heading.cell(0, 0), f"UBND TỈNH {consolidation.province.upper()}", size=13)
    _cell(heading.cell(0, 0), "", size=13)
    heading.cell(0, 0).paragraphs[0].add_run("\n" + issuer.upper()).bold = True
    _cell(heading.cell(0, 1), NATIONAL_HEADING, bold=True, size=12)
    _cell(heading.cell(0, 1), "", size=13)
    motto = heading.cell(0, 1).add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = motto.add_run(MOTTO)
    run.bold, run.font.name, run.font.size = True, FONT, Pt(13)
    _cell(heading.cell(1, 0), "Số: …/BC-SKHCN")
    _cell(heading.cell(1, 1), f"{consolidation.province}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
          italic=True)

    _paragraph(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"Kết quả thực hiện Kế hoạch phát triển thị trường khoa học và công nghệ năm {consolidation.year}",
               bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"Kính gửi: Ủy ban nhân dân tỉnh {consolidation.province}; Bộ Khoa học và Công nghệ.",
               align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, (
        f"Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh, trên cơ sở báo cáo của {len(consolidation.reports)} cơ quan, "
        f"đơn vị đã được tiếp nhận và số liệu của cơ sở dữ liệu kết quả nhiệm vụ KH&CN, {issuer.capitalize()} "
        f"báo cáo kết quả năm {consolidation.year} như sau:"
    ))
    _paragraph(document, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Chỉ tiêu", "Đơn vị tính", "Số liệu của tỉnh", "Mục tiêu",
                                                 "Đánh giá"]):
        _cell(cell, text, bold=True, size=11)
    for line in consolidation.lines:
        cells = table.add_row().cells
        for cell, text in zip(cells, [line.indicator.name, line.indicator.unit, fmt(line.value, line.indicator),
                                      target_text(line), met_text(line)]):
            _cell(cell, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT if cell is cells[0] else WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "II. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", bold=True)
    for report in consolidation.reports:
        _paragraph(document, f"- {report.agency.name}" + (" (nộp muộn)" if report.late else ""))
        if report.difficulties:
            _paragraph(document, f"  Khó khăn, vướng mắc: {report.difficulties}")
        if report.proposals:
            _paragraph(document, f"  Đề xuất, kiến nghị: {report.proposals}")

    signature = document.add_table(rows=1, cols=2)
    _cell(signature.cell(0, 0), "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    signature.cell(0, 0).add_paragraph("- UBND tỉnh;\n- Bộ KH&CN;\n- Lưu: VT.")
    _cell(signature.cell(0, 1), "GIÁM ĐỐC", bold=True)
    signature.cell(0, 1).add_paragraph("\n\n\n" + signer).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for table_ in (heading, signature):
        for row in table_.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.name = FONT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
