"""A search written out as CSV or XLSX: one row per event, every recorded field."""

import csv
import io
import json

from django.utils import timezone
from openpyxl import Workbook

from .models import Event

COLUMNS = ("id", "occurred_at", "case_key", "seq", "action", "actor_name", "agency_name", "object_type",
           "object_id", "changes", "comment", "ip_address", "request_id", "hash")

FORMULA_STARTS = ("=", "+", "-", "@")


def headers():
    return [str(Event._meta.get_field(name).verbose_name) if name != "id" else "ID" for name in COLUMNS]


def _cell(event, name):
    value = getattr(event, name)
    if name == "occurred_at":
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
    if name == "changes":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # a comment typed as "=…" must stay text in a spreadsheet, not become a formula
    return "" if value is None else value


def rows(events):
    for event in events.iterator(chunk_size=2000):
        yield [_cell(event, name) for name in COLUMNS]


def to_csv(events):
    """Returns (bytes, row count). UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    count = 0
    for row in rows(events):
        writer.writerow(row)
        count += 1
    return out.getvalue().encode("utf-8-sig"), count


def to_xlsx(events):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("events")
    sheet.append(headers())
    count = 0
    for row in rows(events):
        sheet.append(row)
        count += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count
