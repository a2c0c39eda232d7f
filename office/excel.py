"""The one writer of every Excel workbook and CSV file the system hands out.

A sheet is a title (a few lines above the table), typed columns and rows of plain values. The writer makes it open
right in an office suite: Vietnamese sheet names and headers, column widths from the content, the header frozen and
bold with an auto-filter, A4 print set-up (landscape when the table is wide, the title and header repeated on every
printed page), numbers kept as numbers and dates as dates with Vietnamese display formats, and every text written as
text (a target "= 100" or a comment "=SUM(…)" never becomes a formula).
"""

import csv
import datetime
import io
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

TEXT, INTEGER, DECIMAL, MONEY, PERCENT, DATE, DATETIME = (
    "text",
    "integer",
    "decimal",
    "money",
    "percent",
    "date",
    "datetime",
)

# Display formats. The separators of "#,##0" are the reader's locale's: with the locale tag [$-42A] (vi-VN) the cell
# reads "1.250.000" and "12,5" in Excel and LibreOffice alike, whatever the computer's own setting.
VI = "[$-42A]"
FORMATS = {
    INTEGER: VI + "#,##0",
    MONEY: VI + "#,##0",
    DECIMAL: VI + "#,##0.0#",
    PERCENT: VI + "#,##0.0",
    DATE: "dd/mm/yyyy",
    DATETIME: "dd/mm/yyyy hh:mm:ss",
    TEXT: "@",
}
FORMULA_STARTS = ("=", "+", "-", "@")
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)  # printed tables keep their lines
MIN_WIDTH, MAX_WIDTH = 8, 60
# Width units of a portrait A4 page at the margins below (about 7 pt per unit of Calibri 11); wider sheets print
# landscape and shrink to the page's width.
PORTRAIT_WIDTH = 95
SHEET_NAME_LIMIT = 31
SHEET_NAME_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


@dataclass
class Column:
    header: str
    kind: str = TEXT
    width: float = None  # a fixed width; else measured from the content
    hidden: bool = False  # codes kept for a program re-reading the file, out of a person's sight
    wrap: bool = False  # long text: wrapped in a width capped at MAX_WIDTH


@dataclass
class Typed:
    """A value whose kind differs from its column's (a table of indicators mixes counts, money and percentages)."""

    value: object
    kind: str


def sheet_name(title):
    return str(title).translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_LIMIT] or "Trang 1"


def _local(value):
    """openpyxl stores naive date-times: the one the people of the system read is Asia/Ho_Chi_Minh's."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _display_length(value, kind):
    if isinstance(value, Typed):
        value, kind = value.value, value.kind
    if value is None:
        return 0
    if kind == DATE:
        return 10
    if kind == DATETIME:
        return 19
    if kind in (INTEGER, MONEY, DECIMAL, PERCENT) and isinstance(value, (int, float, Decimal)):
        number = abs(float(value))
        digits = len(f"{int(number):d}")
        return digits + (digits - 1) // 3 + (3 if kind in (DECIMAL, PERCENT) else 0) + (1 if value < 0 else 0)
    return max(len(line) for line in str(value).split("\n")) if str(value) else 0


def lines_of(text, width):
    """How many lines `text` takes wrapped in a column `width` characters wide (words do not break: a line holds
    about a tenth less than the width)."""
    return sum(max(1, math.ceil(len(part) * 1.1 / max(1.0, width - 1))) for part in str(text).split("\n"))


def _set(cell, value, kind):
    if isinstance(value, Typed):
        value, kind = value.value, value.kind
    cell.value = _local(value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: "= 100", "=HYPERLINK(…)" are never formulas here
    if kind != TEXT and not isinstance(value, str):
        cell.number_format = FORMATS[kind]


class WorkbookWriter:
    """Sheets added one after another; `save()` gives the .xlsx bytes."""

    def __init__(self):
        self.workbook = Workbook()
        self._first = True

    def sheet(self, title, columns, rows, *, heading=(), landscape=None):
        """Writes one sheet. `heading`: lines above the table (the first bold, larger); `rows`: lists of values in
        the order of `columns` (str, int, Decimal, float, date, datetime or None). Returns the sheet."""
        if self._first:
            sheet = self.workbook.active
            sheet.title = sheet_name(title)
            self._first = False
        else:
            sheet = self.workbook.create_sheet(sheet_name(title))
        for index, line in enumerate(heading, start=1):
            cell = sheet.cell(row=index, column=1)
            _set(cell, str(line), TEXT)
            cell.font = Font(bold=index == 1, size=13 if index == 1 else 11)
        header_row = len(heading) + (1 if heading else 0) + 1
        # A header wraps (its row grows), so it asks for the width of its longest word, not of its whole text.
        lengths = [max(len(word) for word in str(column.header).split() or [""]) for column in columns]
        for number, column in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=number)
            _set(cell, str(column.header), TEXT)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = GRID
        count = 0
        wrapped = []  # (row, [(column number, text)]) of the wrapped cells, for the row heights
        for offset, values in enumerate(rows, start=1):
            count += 1
            texts = [
                (number, value)
                for number, (column, value) in enumerate(zip(columns, values, strict=False), start=1)
                if column.wrap and isinstance(value, str) and value
            ]
            if texts:
                wrapped.append((header_row + offset, texts))
            for number, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
                cell = sheet.cell(row=header_row + offset, column=number)
                _set(cell, value, column.kind)
                cell.border = GRID
                if column.wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.alignment = Alignment(vertical="top")
                lengths[number - 1] = max(lengths[number - 1], _display_length(value, column.kind))
        widths = []
        for number, (column, length) in enumerate(zip(columns, lengths, strict=False), start=1):
            width = column.width or min(MAX_WIDTH, max(MIN_WIDTH, length + 2))
            dimension = sheet.column_dimensions[get_column_letter(number)]
            dimension.width = width
            dimension.hidden = column.hidden
            if not column.hidden:
                widths.append(width)
        last_column = get_column_letter(max(1, len(columns)))
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + count}"
        self._print_setup(sheet, header_row, sum(widths) if landscape is None else (999 if landscape else 0))
        # Heights of wrapped lines are set here: LibreOffice and Excel do not grow a merged or header row by themselves.
        sheet.row_dimensions[header_row].height = 15 * max(
            [
                lines_of(column.header, sheet.column_dimensions[get_column_letter(n)].width)
                for n, column in enumerate(columns, start=1)
            ]
            or [1]
        )
        for row, texts in wrapped:
            lines = max(
                lines_of(text, sheet.column_dimensions[get_column_letter(number)].width) for number, text in texts
            )
            if lines > 1:
                sheet.row_dimensions[row].height = 15 * lines
        span = sum(widths) or MIN_WIDTH
        for index, line in enumerate(heading, start=1):
            if len(columns) > 1:
                sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=len(columns))
            sheet.cell(row=index, column=1).alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[index].height = (18 if index == 1 else 15) * lines_of(
                str(line), span * (0.85 if index == 1 else 1)
            )
        return sheet

    @staticmethod
    def _print_setup(sheet, header_row, total_width):
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        sheet.print_title_rows = f"1:{header_row}"
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "Trang &P/&N"

    def save(self):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def csv_text(value):
    """A value as a CSV cell: dates dd/mm/yyyy, numbers as Python writes them, text that a spreadsheet would run as
    a formula ("=…", "+…", "-…", "@…") quoted with an apostrophe."""
    if isinstance(value, Typed):
        value = value.value
    value = _local(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(columns, rows, *, delimiter=","):
    """UTF-8 with a byte-order mark (Excel and LibreOffice then read Vietnamese right); `delimiter=";"` for
    spreadsheets set to Vietnamese, where the comma is the decimal separator. Hidden columns are left out."""
    shown = [index for index, column in enumerate(columns) if not column.hidden]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([str(columns[index].header) for index in shown])
    count = 0
    for row in rows:
        writer.writerow([csv_text(row[index]) for index in shown])
        count += 1
    return out.getvalue().encode("utf-8-sig"), count
