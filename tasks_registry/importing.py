"""Excel import of tasks and results (`manage.py import_results`) and the template users fill in.

One row of the sheet is one result; the task it belongs to is repeated on every row of that task. The whole file is
checked before anything is written: a single bad row and nothing at all is saved, and every problem is reported
with its Excel row, the header label of its column and a message for the user. When the file is clean, tasks,
application addresses and results are created in one transaction, each created task and result with its audit
event. A result reaches its state by the registry's own transitions, fired for what the row says happened to it
(acceptance, registration), in bulk; a registration goes through `services.apply_registration`, so the legal regime
of the approval date picks the state.
"""

import datetime
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import recorder

from . import bounds, services
from .errors import ServiceError
from .lifecycle import Status
from .models import AcceptanceGrade, Agency, ApplicationAddress, LegalRegime, Result, ResultType, STTask, TaskLevel

RESULTS_SHEET = gettext_lazy("Kết quả")
GUIDE_SHEET = gettext_lazy("Hướng dẫn")
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
TEMPLATE_ROWS = 5000  # rows of the results sheet that offer the drop-down lists
MAX_MONEY = Decimal(10) ** 18  # DecimalField(max_digits=18, decimal_places=0)

TEXT, DATE, MONEY, CHOICE, AGENCY = "text", "date", "money", "choice", "agency"


def _max_length(model, name):
    return model._meta.get_field(name).max_length


@dataclass(frozen=True)
class Column:
    key: str  # stable internal name; the label may be reworded or translated
    label: str  # lazy; the header text in row 1
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    choices: type | None = None
    width: int = 18
    note: str = ""  # lazy; shown in the guide sheet


COLUMNS = (
    Column(
        "task_code",
        gettext_lazy("Mã số nhiệm vụ"),
        required=True,
        max_length=_max_length(STTask, "code"),
        width=20,
        note=gettext_lazy("Các dòng cùng mã số là các kết quả của cùng một nhiệm vụ."),
    ),
    Column(
        "task_title", gettext_lazy("Tên nhiệm vụ"), required=True, max_length=_max_length(STTask, "title"), width=45
    ),
    Column(
        "level",
        gettext_lazy("Cấp quản lý"),
        CHOICE,
        choices=TaskLevel,
        width=16,
        note=gettext_lazy("Bỏ trống: cấp tỉnh."),
    ),
    Column("field_code", gettext_lazy("Mã lĩnh vực KH&CN"), max_length=_max_length(STTask, "field_code"), width=14),
    Column("managing_agency", gettext_lazy("Mã cơ quan quản lý nhiệm vụ"), AGENCY, required=True, width=18),
    Column("host", gettext_lazy("Mã tổ chức chủ trì"), AGENCY, required=True, width=18),
    Column(
        "principal_investigator",
        gettext_lazy("Chủ nhiệm nhiệm vụ"),
        required=True,
        max_length=_max_length(STTask, "principal_investigator"),
        width=24,
    ),
    Column(
        "principal_investigator_title",
        gettext_lazy("Học hàm, học vị"),
        max_length=_max_length(STTask, "principal_investigator_title"),
        width=12,
    ),
    Column(
        "approval_date",
        gettext_lazy("Ngày phê duyệt"),
        DATE,
        required=True,
        width=13,
        note=gettext_lazy("Ngày phê duyệt nhiệm vụ quyết định chế độ pháp lý áp dụng cho kết quả."),
    ),
    Column("contract_start", gettext_lazy("Hợp đồng từ ngày"), DATE, width=13),
    Column(
        "contract_end",
        gettext_lazy("Hợp đồng đến ngày"),
        DATE,
        width=13,
        note=gettext_lazy("Không được trước ngày bắt đầu hợp đồng."),
    ),
    Column("state_budget", gettext_lazy("Kinh phí ngân sách nhà nước (đồng)"), MONEY, width=18),
    Column("co_funding", gettext_lazy("Kinh phí đối ứng (đồng)"), MONEY, width=16),
    Column(
        "application_address",
        gettext_lazy("Địa chỉ ứng dụng"),
        max_length=_max_length(ApplicationAddress, "name"),
        width=30,
    ),
    Column(
        "result_title", gettext_lazy("Tên kết quả"), required=True, max_length=_max_length(Result, "title"), width=45
    ),
    Column("result_type", gettext_lazy("Loại kết quả"), CHOICE, required=True, choices=ResultType, width=18),
    Column("summary", gettext_lazy("Tóm tắt"), width=40),
    Column(
        "acceptance_date",
        gettext_lazy("Ngày nghiệm thu"),
        DATE,
        width=13,
        note=gettext_lazy("Không được trước ngày phê duyệt; bỏ trống nếu kết quả mới nộp hồ sơ nghiệm thu."),
    ),
    Column(
        "acceptance_grade",
        gettext_lazy("Xếp loại nghiệm thu"),
        CHOICE,
        choices=AcceptanceGrade,
        width=14,
        note=gettext_lazy("Cần có ngày nghiệm thu."),
    ),
    Column(
        "recognition_decision_no",
        gettext_lazy("Số quyết định công nhận"),
        max_length=_max_length(Result, "recognition_decision_no"),
        width=18,
        note=gettext_lazy("Cần có ngày nghiệm thu."),
    ),
    Column(
        "recognition_decision_date",
        gettext_lazy("Ngày quyết định công nhận"),
        DATE,
        width=13,
        note=gettext_lazy("Cần có ngày nghiệm thu; không được trước ngày nghiệm thu."),
    ),
    Column(
        "registration_no",
        gettext_lazy("Số đăng ký"),
        max_length=_max_length(Result, "registration_no"),
        width=14,
        note=gettext_lazy("Ví dụ KQ015440. Cần có ngày nghiệm thu; không được trùng số đã cấp."),
    ),
    Column(
        "archive_no",
        gettext_lazy("Số lưu giữ"),
        max_length=_max_length(Result, "archive_no"),
        width=18,
        note=gettext_lazy("Ví dụ 20/KQNC-SKHCN."),
    ),
)
COLUMN = {column.key: column for column in COLUMNS}

# Task data that must be the same on every row of one task.
TASK_KEYS = (
    "task_title",
    "level",
    "field_code",
    "managing_agency",
    "host",
    "principal_investigator",
    "principal_investigator_title",
    "approval_date",
    "contract_start",
    "contract_end",
    "state_budget",
    "co_funding",
)
# Columns that say something about the acceptance; without an acceptance date they would be lost or contradictory.
ACCEPTANCE_KEYS = ("acceptance_grade", "recognition_decision_no", "recognition_decision_date")
# Fields of a new task recorded in its audit event, by internal key.
TASK_FIELD_OF = {
    "task_code": "code",
    "task_title": "title",
    "level": "level",
    "field_code": "field_code",
    "managing_agency": "managing_agency_id",
    "host": "host_id",
    "principal_investigator": "principal_investigator",
    "principal_investigator_title": "principal_investigator_title",
    "approval_date": "approval_date",
    "contract_start": "contract_start",
    "contract_end": "contract_end",
    "state_budget": "state_budget",
    "co_funding": "co_funding",
}


class RowError(NamedTuple):
    """One problem of the file: Excel row (None for the whole file), header label ("" if none) and message."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is not None and self.column:
            return _("Dòng %(row)s, cột «%(column)s»: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool = False
    rows_read: int = 0
    tasks_created: int = 0  # with dry_run: tasks that would be created
    tasks_reused: int = 0
    results_created: int = 0  # with dry_run: results that would be created
    addresses_created: int = 0
    status_counts: dict = field(default_factory=dict)  # status -> results created in it (real import only)
    ignored_columns: list = field(default_factory=list)  # header labels that are not in the template
    errors: list = field(default_factory=list)  # RowError
    written: bool = False

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column_key_or_label, message):
        column = COLUMN.get(column_key_or_label)
        self.errors.append(RowError(row, str(column.label) if column else column_key_or_label, str(message)))


class CellError(Exception):
    pass


# --- reading cells ------------------------------------------------------------------------------------------------


def _norm(text):
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(text.split()).rstrip("* ").strip()


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _day(value):
    return value.strftime("%d/%m/%Y")


def _shown(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return _day(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _text(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return _day(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(value):
    day = _any_date(value)
    message = bounds.date_error(day)
    if message:
        raise CellError(message)
    return day


def _any_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                pass
    raise CellError(
        _("«%(value)s» không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy, ví dụ 30/09/2025.")
        % {"value": _shown(value)}
    )


_PLAIN_NUMBER = re.compile(r"^-?\d+$")
_GROUPED_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_CURRENCY_SUFFIX = re.compile(r"(đồng|đ|vnđ|vnd)$", re.IGNORECASE)


def _money(value):
    amount = None
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            amount = Decimal(int(value))
    elif isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            amount = value
    elif isinstance(value, str):
        text = _CURRENCY_SUFFIX.sub("", "".join(value.split()))
        if _PLAIN_NUMBER.match(text) or _GROUPED_NUMBER.match(text):
            amount = Decimal(text.replace(".", ""))
    if amount is None:
        raise CellError(
            _(
                "«%(value)s» không phải là số tiền hợp lệ; hãy nhập số đồng nguyên, có thể dùng dấu chấm phân cách "
                "hàng nghìn, ví dụ 1.250.000."
            )
            % {"value": _shown(value)}
        )
    if amount < 0:
        raise CellError(_("Số tiền không được âm."))
    if amount >= MAX_MONEY:
        raise CellError(_("Số tiền quá lớn."))
    return amount


def _choice_lookup(choices):
    """Codes and labels (in every language of the site) of a TextChoices, normalised, to its codes."""
    lookup = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                lookup[_norm(label)] = code
    lookup.update({_norm(label): code for code, label in choices.choices})
    lookup.update({_norm(code): code for code in choices.values})
    return lookup


def _allowed(choices):
    return "; ".join(f"{code} ({label})" for code, label in choices.choices)


def _header_lookup():
    lookup = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup.update({_norm(column.label): column for column in COLUMNS})
    lookup.update({_norm(column.label): column for column in COLUMNS})
    lookup.update({_norm(column.key): column for column in COLUMNS})
    return lookup


# --- the file ------------------------------------------------------------------------------------------------------


def _file_name(file_or_path):
    if isinstance(file_or_path, str | os.PathLike):
        return os.path.basename(os.fspath(file_or_path))
    return os.path.basename(getattr(file_or_path, "name", "") or "") or _("(tệp tải lên)")


class _TooManyRows(Exception):
    pass


def _size_of(file_or_path):
    try:
        if isinstance(file_or_path, str | os.PathLike):
            return os.path.getsize(file_or_path)
        if getattr(file_or_path, "size", None) is not None:
            return file_or_path.size
        if hasattr(file_or_path, "seek"):
            file_or_path.seek(0, os.SEEK_END)
            return file_or_path.tell()
    except OSError:
        return None  # a missing file is reported when it is opened
    return None


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _read_rows(file_or_path, report):
    """(header, [(excel row, values), ...]) of the results sheet, or None with an error in the report."""
    from openpyxl import load_workbook

    def read(handle):
        workbook = load_workbook(handle, read_only=True, data_only=True)
        try:
            names = {_norm(name): name for name in workbook.sheetnames}
            sheet = workbook[names.get(_norm(RESULTS_SHEET), workbook.sheetnames[0])]
            sheet.reset_dimensions()  # some programs write a wrong sheet size; read every row there is
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, ())
            kept, limit = [], settings.IMPORT_MAX_ROWS
            for number, values in enumerate(rows, start=2):
                if all(_is_empty(value) for value in values):
                    continue
                if len(kept) == limit:  # stop reading: a bigger file costs memory and minutes before any check
                    raise _TooManyRows
                kept.append((number, values))
            return header, kept
        finally:
            workbook.close()

    size = _size_of(file_or_path)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        report.error(
            None,
            "",
            _("Tệp «%(name)s» quá lớn (%(size)s MB); tối đa %(max)s MB một lần nhập: hãy chia thành nhiều tệp.")
            % {"name": report.file_name, "size": _megabytes(size), "max": _megabytes(settings.IMPORT_MAX_BYTES)},
        )
        return None
    try:
        if isinstance(file_or_path, str | os.PathLike):
            # Opened here so that the file's extension does not matter, only its content.
            with open(file_or_path, "rb") as handle:
                return read(handle)
        if hasattr(file_or_path, "seek"):
            file_or_path.seek(0)
        return read(file_or_path)
    except FileNotFoundError:
        report.error(None, "", _("Không tìm thấy tệp «%(name)s».") % {"name": report.file_name})
    except _TooManyRows:
        report.error(
            None,
            "",
            _("Tệp «%(name)s» có hơn %(max)s dòng dữ liệu; tối đa %(max)s dòng một lần nhập: hãy chia thành nhiều tệp.")
            % {"name": report.file_name, "max": settings.IMPORT_MAX_ROWS},
        )
    except Exception:  # openpyxl, zipfile and the XML parser raise many kinds for a file that is not an .xlsx
        report.error(
            None,
            "",
            _(
                "Không đọc được tệp «%(name)s»: tệp không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng. "
                "Tệp .xls cũ cần được lưu lại dưới dạng .xlsx."
            )
            % {"name": report.file_name},
        )
    return None


def _map_header(header, report):
    """{column key: index}, or None with one error per missing required column."""
    lookup = _header_lookup()
    positions = {}
    for index, cell in enumerate(header):
        if _is_empty(cell):
            continue
        column = lookup.get(_norm(cell))
        if column is None:
            report.ignored_columns.append(_text(cell))
        elif column.key in positions:
            report.error(1, column.key, _("Cột này xuất hiện nhiều lần trong dòng tiêu đề."))
        else:
            positions[column.key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            report.error(1, column.key, _("Dòng tiêu đề (dòng 1) thiếu cột bắt buộc này."))
    return None if report.errors else positions


# --- checking ------------------------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict  # key -> parsed value, or None when the cell is empty
    bad: set  # keys whose cell could not be read


@dataclass
class _TaskPlan:
    code: str
    first_row: int
    values: dict = field(default_factory=dict)  # key -> (value, row it came from)
    existing: STTask | None = None
    addresses: dict = field(default_factory=dict)  # address name -> first row
    task: STTask | None = None


def _parse_row(number, raw, positions, choice_lookups, report):
    values, bad = {}, set()
    for column in COLUMNS:
        index = positions.get(column.key)
        value = raw[index] if index is not None and index < len(raw) else None
        if _is_empty(value):
            values[column.key] = None
            if column.required:
                report.error(number, column.key, _("Chưa nhập giá trị bắt buộc."))
                bad.add(column.key)
            continue
        try:
            if column.kind == DATE:
                parsed = _date(value)
            elif column.kind == MONEY:
                parsed = _money(value)
            elif column.kind == CHOICE:
                parsed = choice_lookups[column.key].get(_norm(value))
                if parsed is None:
                    raise CellError(
                        _("«%(value)s» không có trong danh mục; giá trị cho phép: %(allowed)s.")
                        % {"value": _shown(value), "allowed": _allowed(column.choices)}
                    )
            else:
                parsed = _text(value)
                if column.max_length and len(parsed) > column.max_length:
                    raise CellError(
                        _("Dài %(length)s ký tự, vượt quá %(max)s ký tự cho phép.")
                        % {"length": len(parsed), "max": column.max_length}
                    )
        except CellError as problem:
            report.error(number, column.key, str(problem))
            bad.add(column.key)
            parsed = None
        values[column.key] = parsed
    return _Row(number, values, bad)


def _regime_for(regimes, day):
    """Same answer as LegalRegime.objects.for_date(day), from regimes loaded once (sorted by effective_from)."""
    found = None
    for regime in regimes:
        if regime.effective_from <= day:
            found = regime
    return found


def _agency_problem(agency, code, today):
    if agency is None:
        return _("Không có cơ quan, đơn vị nào mang mã «%(code)s».") % {"code": code}
    if agency.active_from > today:
        return _("Cơ quan «%(name)s» (mã %(code)s) chưa hoạt động; hoạt động từ %(day)s.") % {
            "name": agency.name,
            "code": agency.code,
            "day": _day(agency.active_from),
        }
    if agency.active_to is not None and agency.active_to < today:
        message = _("Cơ quan «%(name)s» (mã %(code)s) đã ngừng hoạt động từ %(day)s.") % {
            "name": agency.name,
            "code": agency.code,
            "day": _day(agency.active_to + datetime.timedelta(days=1)),
        }
        if agency.successor is not None:
            message += " " + _("Cơ quan kế thừa: «%(name)s» (mã %(code)s).") % {
                "name": agency.successor.name,
                "code": agency.successor.code,
            }
        return message
    return None


def _contract_problem(start, end):
    return _("Ngày kết thúc hợp đồng (%(end)s) trước ngày bắt đầu (%(start)s).") % {
        "end": _day(end),
        "start": _day(start),
    }


def _check_dates(row, regimes, today, report):
    v, bad, number = row.values, row.bad, row.number
    for key in ("approval_date", "acceptance_date", "recognition_decision_date"):
        if v[key] and v[key] > today:
            report.error(number, key, _("Ngày %(day)s ở sau ngày hôm nay.") % {"day": _day(v[key])})
            bad.add(key)
    if v["contract_start"] and v["contract_end"] and v["contract_end"] < v["contract_start"]:
        report.error(number, "contract_end", _contract_problem(v["contract_start"], v["contract_end"]))
    approval, acceptance, decision = v["approval_date"], v["acceptance_date"], v["recognition_decision_date"]
    if approval and "approval_date" not in bad:
        if _regime_for(regimes, approval) is None:
            report.error(
                number,
                "approval_date",
                _("Chưa có chế độ pháp lý nào áp dụng cho nhiệm vụ phê duyệt ngày %(day)s; quản trị viên cần khai báo.")
                % {"day": _day(approval)},
            )
        if acceptance and acceptance < approval:
            report.error(
                number,
                "acceptance_date",
                _("Ngày nghiệm thu (%(acceptance)s) trước ngày phê duyệt nhiệm vụ (%(approval)s).")
                % {"acceptance": _day(acceptance), "approval": _day(approval)},
            )
    if acceptance and decision and decision < acceptance:
        report.error(
            number,
            "recognition_decision_date",
            _("Ngày quyết định công nhận (%(decision)s) trước ngày nghiệm thu (%(acceptance)s).")
            % {"decision": _day(decision), "acceptance": _day(acceptance)},
        )
    if acceptance is None and "acceptance_date" not in bad:
        if v["registration_no"]:
            report.error(number, "acceptance_date", _("Kết quả có số đăng ký thì phải có ngày nghiệm thu."))
        for key in ACCEPTANCE_KEYS:
            if v[key] is not None:
                report.error(number, key, _("Cần có ngày nghiệm thu khi ghi giá trị này."))
    if v["registration_no"] and v["acceptance_grade"] == AcceptanceGrade.FAILED:
        report.error(
            number,
            "registration_no",
            _("Kết quả xếp loại «%(grade)s» không được đăng ký.")
            % {
                "grade": AcceptanceGrade.FAILED.label,
            },
        )


def _merge_task(plan, row, report):
    """Keep the first non-empty value of each task column; a different non-empty value later is a conflict."""
    for key in TASK_KEYS:
        value = row.values[key]
        if value is None or key in row.bad:
            continue
        if key not in plan.values:
            plan.values[key] = (value, row.number)
            continue
        first, first_row = plan.values[key]
        if first != value:
            report.error(
                row.number,
                key,
                _(
                    "Nhiệm vụ «%(code)s» đã khai ở dòng %(row)s với giá trị khác («%(other)s»); các dòng cùng mã số "
                    "nhiệm vụ phải có cùng thông tin nhiệm vụ."
                )
                % {"code": plan.code, "row": first_row, "other": _shown(first)},
            )


def _check_existing_task(plan, task, report):
    for key, stored in (("managing_agency", task.managing_agency), ("host", task.host)):
        if key in plan.values:
            given, row = plan.values[key]
            if given != stored.code:
                report.error(
                    row,
                    key,
                    _("Nhiệm vụ «%(task)s» đã có trong hệ thống với cơ quan khác ở cột này: «%(name)s» (mã %(code)s).")
                    % {"task": task.code, "name": stored.name, "code": stored.code},
                )
    if "approval_date" in plan.values:
        given, row = plan.values["approval_date"]
        if given != task.approval_date:
            report.error(
                row,
                "approval_date",
                _(
                    "Nhiệm vụ «%(task)s» đã có trong hệ thống với ngày phê duyệt %(day)s; ngày phê duyệt quyết định "
                    "chế độ pháp lý nên phải trùng khớp."
                )
                % {"task": task.code, "day": _day(task.approval_date)},
            )


def _check(rows, report):
    """Cross-row and database checks; returns the task plans keyed by code (meaningful only without errors)."""
    today = timezone.localdate()
    regimes = sorted(LegalRegime.objects.all(), key=lambda regime: regime.effective_from)
    codes = {row.values[key] for row in rows for key in ("managing_agency", "host") if row.values[key]}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes).select_related("successor")}
    task_codes = {row.values["task_code"] for row in rows if row.values["task_code"]}
    existing_tasks = {
        task.code: task for task in STTask.objects.filter(code__in=task_codes).select_related("host", "managing_agency")
    }
    registration_nos = {row.values["registration_no"] for row in rows if row.values["registration_no"]}
    taken_nos = set(
        Result.objects.filter(registration_no__in=registration_nos).values_list("registration_no", flat=True)
    )
    existing_results = set(Result.objects.filter(task__in=existing_tasks.values()).values_list("task__code", "title"))
    existing_addresses = defaultdict(set)
    for task_id, name in ApplicationAddress.objects.filter(task__in=existing_tasks.values()).values_list(
        "task_id", "name"
    ):
        existing_addresses[task_id].add(name)

    plans = {}
    first_row_of_number = {}
    first_row_of_result = {}
    for row in rows:
        v = row.values
        _check_dates(row, regimes, today, report)
        for key in ("managing_agency", "host"):
            if v[key]:
                problem = _agency_problem(agencies.get(v[key]), v[key], today)
                if problem:
                    report.error(row.number, key, problem)
                    row.bad.add(key)
        number = v["registration_no"]
        if number:
            if number in taken_nos:
                report.error(
                    row.number,
                    "registration_no",
                    _("Số đăng ký «%(no)s» đã được cấp cho kết quả khác trong hệ thống.") % {"no": number},
                )
            elif number in first_row_of_number:
                report.error(
                    row.number,
                    "registration_no",
                    _("Số đăng ký «%(no)s» trùng với dòng %(row)s.")
                    % {
                        "no": number,
                        "row": first_row_of_number[number],
                    },
                )
            else:
                first_row_of_number[number] = row.number
        code = v["task_code"]
        if not code:
            continue
        plan = plans.get(code)
        if plan is None:
            plan = plans[code] = _TaskPlan(code, row.number, existing=existing_tasks.get(code))
        _merge_task(plan, row, report)
        if v["application_address"] and v["application_address"] not in plan.addresses:
            if plan.existing is None or v["application_address"] not in existing_addresses[plan.existing.pk]:
                plan.addresses[v["application_address"]] = row.number
        title = v["result_title"]
        if title:
            if (code, title) in existing_results:
                report.error(
                    row.number,
                    "result_title",
                    _(
                        "Nhiệm vụ «%(code)s» đã có kết quả mang tên này trong hệ thống; có thể tệp đã được nhập trước đây."
                    )
                    % {"code": code},
                )
            elif (code, title) in first_row_of_result:
                report.error(
                    row.number,
                    "result_title",
                    _("Kết quả này của nhiệm vụ «%(code)s» trùng tên với kết quả ở dòng %(row)s.")
                    % {"code": code, "row": first_row_of_result[(code, title)]},
                )
            else:
                first_row_of_result[(code, title)] = row.number

    for plan in plans.values():
        if plan.existing is not None:
            _check_existing_task(plan, plan.existing, report)
        else:
            start, end = plan.values.get("contract_start"), plan.values.get("contract_end")
            # Within one row this was already reported; here only a start and an end given on different rows.
            if start and end and start[1] != end[1] and end[0] < start[0]:
                report.error(end[1], "contract_end", _contract_problem(start[0], end[0]))
    return plans, agencies


def _sort_errors(report):
    """By row, then in the order of the columns of the template (errors were found check by check)."""
    order = {str(column.label): index for index, column in enumerate(COLUMNS)}
    report.errors.sort(key=lambda error: (error.row or 0, order.get(error.column, len(COLUMNS))))


# --- writing -------------------------------------------------------------------------------------------------------


class _Abort(Exception):
    pass


def _walk_to_what_happened(result, values):
    """Fire, on the unsaved result, the registry's transitions the row says already happened: filed for acceptance
    (its initial state), accepted or not, its registration submitted. The state machine checks each step's source
    as it does for a step taken on a task page; `services.apply_registration` then registers it."""
    if values["acceptance_date"] is None:
        return
    if values["acceptance_grade"] == AcceptanceGrade.FAILED:
        result.reject()
        return
    result.accept()
    if values["registration_no"]:
        result.submit_registration()


def _new_task(plan, agencies):
    values = {key: value for key, (value, _row) in plan.values.items()}
    return STTask(
        code=plan.code,
        title=values["task_title"],
        level=values.get("level") or TaskLevel.PROVINCIAL,
        field_code=values.get("field_code") or "",
        managing_agency=agencies[values["managing_agency"]],
        host=agencies[values["host"]],
        principal_investigator=values["principal_investigator"],
        principal_investigator_title=values.get("principal_investigator_title") or "",
        approval_date=values["approval_date"],
        contract_start=values.get("contract_start"),
        contract_end=values.get("contract_end"),
        state_budget=values.get("state_budget") or Decimal(0),
        co_funding=values.get("co_funding") or Decimal(0),
    )


def _comment(report, row):
    return _("Nhập từ tệp %(name)s, dòng %(row)s") % {"name": report.file_name, "row": row}


def _write(rows, plans, agencies, report, actor):
    with transaction.atomic():
        new_plans = [plan for plan in plans.values() if plan.existing is None]
        new_tasks = STTask.objects.bulk_create([_new_task(plan, agencies) for plan in new_plans], batch_size=500)
        for plan, task in zip(new_plans, new_tasks, strict=True):
            plan.task = task
            changes = {
                name: [None, getattr(task, name)]
                for name in TASK_FIELD_OF.values()
                if getattr(task, name) not in (None, "")
            }
            if plan.addresses:
                changes["application_addresses"] = [None, list(plan.addresses)]
            recorder.record(
                case=task,
                action="task.imported",
                actor=actor,
                agency=None,
                changes=changes,
                comment=_comment(report, plan.first_row),
            )
        for plan in plans.values():
            if plan.existing is not None:
                plan.task = plan.existing
                if plan.addresses:
                    recorder.record(
                        case=plan.task,
                        action="task.addresses_imported",
                        actor=actor,
                        agency=None,
                        changes={"application_addresses": [None, list(plan.addresses)]},
                        comment=_comment(report, min(plan.addresses.values())),
                    )
        ApplicationAddress.objects.bulk_create(
            [ApplicationAddress(task=plan.task, name=name) for plan in plans.values() for name in plan.addresses],
            batch_size=500,
        )

        results = []
        for row in rows:
            v = row.values
            result = Result(
                task=plans[v["task_code"]].task,
                title=v["result_title"],
                result_type=v["result_type"],
                summary=v["summary"] or "",
                status=Status.ACCEPTANCE_SUBMITTED,
                acceptance_date=v["acceptance_date"],
                acceptance_grade=v["acceptance_grade"] or "",
                recognition_decision_no=v["recognition_decision_no"] or "",
                recognition_decision_date=v["recognition_decision_date"],
                archive_no=v["archive_no"] or "",
            )
            _walk_to_what_happened(result, v)
            if v["registration_no"]:
                try:
                    services.apply_registration(
                        result,
                        registration_no=v["registration_no"],
                        archive_no=v["archive_no"] or "",
                        registered_on=None,
                    )
                except ServiceError as problem:
                    column = {"regime": "approval_date", "registered_on": "acceptance_date"}.get(
                        problem.field, "registration_no"
                    )
                    report.error(row.number, column, str(problem))
                    raise _Abort from None
            results.append(result)
        Result.objects.bulk_create(results, batch_size=500)
        for row, result in zip(rows, results, strict=True):
            changes = {
                name: [None, getattr(result, name)]
                for name in services.RESULT_AUDITED_FIELDS
                if getattr(result, name) not in (None, "")
            }
            changes["task_id"] = [None, result.task_id]
            recorder.record(
                case=result,
                action="result.imported",
                actor=actor,
                agency=None,
                changes=changes,
                comment=_comment(report, row.number),
            )
    report.status_counts = dict(Counter(result.status for result in results))


# --- the entry point -----------------------------------------------------------------------------------------------


def import_workbook(file_or_path, *, actor=None, dry_run=False):
    """Check a filled template and, unless `dry_run` or anything is wrong, write all of it in one transaction."""
    report = ImportReport(file_name=_file_name(file_or_path), dry_run=dry_run)
    sheet = _read_rows(file_or_path, report)
    if sheet is None:
        return report
    header, raw_rows = sheet
    positions = _map_header(header, report)
    if positions is None:
        return report
    choice_lookups = {column.key: _choice_lookup(column.choices) for column in COLUMNS if column.kind == CHOICE}
    rows = [
        _parse_row(number, raw, positions, choice_lookups, report)
        for number, raw in raw_rows
        if not all(_is_empty(value) for value in raw)
    ]
    report.rows_read = len(rows)
    if not rows:
        report.error(
            None,
            "",
            _("Tệp không có dòng dữ liệu nào: các kết quả cần nhập bắt đầu từ dòng 2 của trang «%(sheet)s».")
            % {"sheet": RESULTS_SHEET},
        )
        return report
    plans, agencies = _check(rows, report)
    _sort_errors(report)
    if report.errors:
        return report
    counts = {
        "tasks_created": sum(1 for plan in plans.values() if plan.existing is None),
        "tasks_reused": sum(1 for plan in plans.values() if plan.existing is not None),
        "addresses_created": sum(len(plan.addresses) for plan in plans.values()),
        "results_created": len(rows),
    }
    if not dry_run:
        try:
            _write(rows, plans, agencies, report, actor)
        except _Abort:
            return report
        except IntegrityError:
            report.error(
                None,
                "",
                _(
                    "Dữ liệu trong hệ thống vừa thay đổi trong lúc nhập (mã nhiệm vụ hoặc số đăng ký vừa được người khác "
                    "ghi); không có dữ liệu nào được ghi, hãy chạy lại."
                ),
            )
            return report
        report.written = True
    for name, count in counts.items():
        setattr(report, name, count)
    return report


# --- the template --------------------------------------------------------------------------------------------------


def _format_of(column):
    if column.kind == DATE:
        return _("Ngày, dạng dd/mm/yyyy (hoặc ô kiểu ngày của Excel).")
    if column.kind == MONEY:
        return _("Số đồng nguyên, không âm; có thể dùng dấu chấm phân cách hàng nghìn, ví dụ 1.250.000. Bỏ trống: 0.")
    if column.kind == CHOICE:
        return _("Chọn trong danh sách thả xuống, là danh mục «%(label)s» ở cuối trang này: %(allowed)s.") % {
            "label": column.label,
            "allowed": "; ".join(str(label) for _code, label in column.choices.choices),
        }
    if column.kind == AGENCY:
        return _("Mã của một cơ quan, đơn vị đang hoạt động trong hệ thống.")
    if column.max_length:
        return _("Văn bản, tối đa %(max)s ký tự.") % {"max": column.max_length}
    return _("Văn bản.")


def template_workbook_bytes():
    """The .xlsx users fill in: the results sheet with its header row, and a guide to every column; both written by
    the project's one Excel writer (office/excel.py). The drop-downs and the guide show labels only: the import reads
    a label as well as a code."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from office import excel

    required_fill = PatternFill("solid", fgColor="FFF2CC")
    book = excel.WorkbookWriter()
    sheet = book.sheet(
        RESULTS_SHEET, [excel.Column(str(column.label), width=column.width) for column in COLUMNS], [], landscape=True
    )
    for index, column in enumerate(COLUMNS, start=1):
        if column.required:
            sheet.cell(row=1, column=index).fill = required_fill
        # A column style, applied by Excel to the cells typed later (empty styled cells would move the sheet's end).
        sheet.column_dimensions[get_column_letter(index)].number_format = {DATE: DATE_FORMAT, MONEY: MONEY_FORMAT}.get(
            column.kind, "@"
        )
    sheet.row_dimensions[1].height = 45

    # The guide: general rules above, one line per column, then the lists the drop-downs offer.
    rules = [
        _(
            "Mỗi dòng của trang «%(sheet)s» là một kết quả. Nhiệm vụ có nhiều kết quả thì ghi mỗi kết quả một dòng, "
            "lặp lại cùng thông tin nhiệm vụ."
        )
        % {"sheet": RESULTS_SHEET},
        _("Giữ nguyên dòng tiêu đề (dòng 1). Có thể bỏ các cột không bắt buộc; cột không có trong mẫu được bỏ qua."),
        _("Ngày ghi dạng dd/mm/yyyy. Số tiền tính bằng đồng, số nguyên, dùng dấu chấm phân cách hàng nghìn."),
        _(
            "Cả tệp được kiểm tra trước khi ghi: chỉ cần một dòng có lỗi thì không dòng nào được ghi; danh sách lỗi "
            "ghi rõ dòng và cột cần sửa."
        ),
        _(
            "Mã số nhiệm vụ đã có trong hệ thống (cùng cơ quan quản lý, tổ chức chủ trì và ngày phê duyệt): kết quả "
            "được thêm vào nhiệm vụ đó, thông tin nhiệm vụ đã lưu được giữ nguyên."
        ),
        _(
            "Trạng thái ban đầu: không có ngày nghiệm thu → «%(submitted)s»; có ngày nghiệm thu → «%(accepted)s» "
            "(xếp loại «%(failed)s» → «%(not_accepted)s»); có số đăng ký → đăng ký theo chế độ pháp lý của ngày "
            "phê duyệt nhiệm vụ."
        )
        % {
            "submitted": Status.ACCEPTANCE_SUBMITTED.label,
            "accepted": Status.ACCEPTED.label,
            "failed": AcceptanceGrade.FAILED.label,
            "not_accepted": Status.NOT_ACCEPTED.label,
        },
    ]
    guide = book.sheet(
        GUIDE_SHEET,
        [
            excel.Column(_("Cột"), width=34, wrap=True),
            excel.Column(_("Bắt buộc"), width=12),
            excel.Column(_("Định dạng"), width=60, wrap=True),
            excel.Column(_("Ghi chú"), width=60, wrap=True),
        ],
        [
            [str(column.label), _("Bắt buộc") if column.required else _("Không"), _format_of(column), str(column.note)]
            for column in COLUMNS
        ],
        heading=[_("Hướng dẫn nhập kết quả nhiệm vụ khoa học và công nghệ"), *rules],
        landscape=True,
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in guide.iter_rows(min_row=guide.max_row - len(COLUMNS) + 1, max_row=guide.max_row):
        # Rows of wrapped text are as tall as their longest cell (an office suite does not grow them by itself).
        guide.row_dimensions[line[0].row].height = 15 * max(
            excel.lines_of(cell.value or "", guide.column_dimensions[cell.column_letter].width) for cell in line
        )

    # The lists the drop-downs of the results sheet offer: labels (codes typed by hand are accepted too).
    for index, column in enumerate(COLUMNS, start=1):
        if column.kind != CHOICE:
            continue
        guide.append([])
        guide.append([_("Danh mục «%(label)s»") % {"label": column.label}])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        first = guide.max_row + 1
        for _code, label in column.choices.choices:
            guide.append([str(label)])
            guide.cell(row=guide.max_row, column=1).alignment = wrap
        last = guide.max_row
        validation = DataValidation(
            type="list",
            formula1=f"'{guide.title}'!$A${first}:$A${last}",
            allow_blank=True,
            showErrorMessage=False,
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    return book.save()
