"""A search written out as CSV or XLSX (office/excel.py): one row per event, every recorded field, as a person reads
it — the action's label, the case and the object named by their kind, each change as "label: before → after" — with
the recorded codes (case key, action) kept in hidden columns so that a program can still match the rows to the log."""

from itertools import islice

from django.apps import apps
from django.utils.translation import gettext as _

from office import excel
from office.excel import Column
from tasks_registry.views import timeline

from .cases import case_titles

CHUNK = 2000


def columns():
    return [
        Column(_("Số hiệu sự kiện"), excel.INTEGER),
        Column(_("Thời điểm"), excel.DATETIME),
        Column(_("Hồ sơ"), wrap=True, width=22),
        Column(_("Thứ tự trong chuỗi"), excel.INTEGER),
        Column(_("Hành động"), wrap=True, width=28),
        Column(_("Người thực hiện"), wrap=True, width=20),
        Column(_("Cơ quan"), wrap=True, width=26),
        Column(_("Loại đối tượng"), wrap=True, width=16),
        Column(_("Số hiệu đối tượng")),
        Column(_("Thay đổi"), wrap=True, width=45),
        Column(_("Lý do, ghi chú"), wrap=True, width=30),
        Column(_("Địa chỉ IP")),
        Column(_("Mã yêu cầu")),
        Column(_("Mã băm"), wrap=True, width=23),
        Column(_("Mã hồ sơ (để đối chiếu)"), hidden=True),
        Column(_("Mã hành động (để đối chiếu)"), hidden=True),
    ]


def headers():
    return [str(column.header) for column in columns() if not column.hidden]


def _kind_name(label_lower):
    """ "reports.annualreport" → "Báo cáo hằng năm" (the model's name); anything else as recorded."""
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return label_lower
    return str(model._meta.verbose_name).capitalize()


def _case_name(case_key):
    kind, _sep, pk = case_key.rpartition(":")
    if not kind:
        return case_key
    name = _kind_name(kind)
    return f"{name} {pk}" if name != kind else case_key


def _changes_text(changes):
    return "\n".join(f"{change['label']}: {change['before'] or '—'} → {change['after'] or '—'}" for change in changes)


def _row(item, titles):
    event = item["event"]
    return [
        event.pk,
        event.occurred_at,
        titles.get(event.case_key) or _case_name(event.case_key),
        event.seq,
        str(item["action"]),
        event.actor_name,
        event.agency_name,
        _kind_name(event.object_type) if event.object_type else "",
        event.object_id,
        _changes_text(item["changes"]),
        event.comment,
        event.ip_address or "",
        event.request_id,
        event.hash,
        event.case_key,
        event.action,
    ]


def rows(events):
    """Rows in the order of `events`, read in chunks (the labels of one chunk's records in one query per model)."""
    iterator = events.select_related("agency").iterator(chunk_size=CHUNK)
    while chunk := list(islice(iterator, CHUNK)):
        # Each case by its title and registration number, as on the pages (one query per kind of case a chunk).
        titles = case_titles({event.case_key for event in chunk})
        for item in timeline(chunk):
            yield _row(item, titles)


def to_csv(events, *, delimiter=","):
    """Returns (bytes, row count): UTF-8 with a byte-order mark; `delimiter=";"` for spreadsheets set to Vietnamese."""
    return excel.csv_bytes(columns(), rows(events), delimiter=delimiter)


def to_xlsx(events):
    book = excel.WorkbookWriter()
    counted = []

    def counting():
        for row in rows(events):
            counted.append(1)
            yield row

    book.sheet(_("Nhật ký"), columns(), counting(), heading=[_("Nhật ký hệ thống: kết quả tìm kiếm")], landscape=True)
    return book.save(), len(counted)
