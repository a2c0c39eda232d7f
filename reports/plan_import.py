"""Plan tasks from an Excel sheet laid out as the plan's appendix (Phụ lục): STT, Nhiệm vụ và giải pháp, Đơn vị chủ
trì (agency code), Đơn vị phối hợp (codes separated by ;), Thời gian triển khai. A row whose STT is a letter or a
Roman numeral (A, B, C; I, II, III) starts a section, whose title is in the second column: any plan's own parts, no
code change. The timeline is read as years ("Năm 2023", "2023 - 2025"; none: every year of the plan). All or nothing: every error is listed with its row and column, and nothing is written."""

import re

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from audit import recorder
from tasks_registry.models import Agency

from .models import PlanSection, PlanTask
from .timeline import timeline_years

SECTION = re.compile(r"^([A-Z]|[IVXLC]+)\.?$")

COLUMNS = ("STT", "Nhiệm vụ và giải pháp", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian triển khai")


class PlanImportError(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def _text(value):
    return "" if value is None else str(value).strip()


def read_rows(path):
    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())][: len(COLUMNS)]
    if header != list(COLUMNS):
        raise PlanImportError([_("Dòng 1: tiêu đề cột phải là %(columns)s.") % {"columns": " | ".join(COLUMNS)}])
    return [(number, [_text(v) for v in (row + (None,) * 5)[:5]]) for number, row in enumerate(rows, start=2)]


def import_plan(plan, path, *, actor=None):
    agencies = {a.code: a for a in Agency.objects.all()}
    errors, parsed, section, seen, sections = [], [], "", set(), {}
    for line, (stt, text, lead, coordinating, timeline) in read_rows(path):
        if not any((stt, text, lead, coordinating, timeline)):
            continue
        if SECTION.match(stt.upper()):
            section = stt.upper().rstrip(".")
            sections[section] = text or section
            continue
        if not stt.isdigit():
            errors.append(_("Dòng %(row)s, cột %(column)s: cần số thứ tự.") % {"row": line, "column": "STT"})
            continue
        if int(stt) in seen:
            errors.append(_("Dòng %(row)s, cột %(column)s: số thứ tự bị trùng.") % {"row": line, "column": "STT"})
        seen.add(int(stt))
        for value, column in ((text, COLUMNS[1]), (timeline, COLUMNS[4])):
            if not value:
                errors.append(_("Dòng %(row)s, cột %(column)s: không được để trống.") % {"row": line, "column": column})
        if lead not in agencies:
            errors.append(
                _("Dòng %(row)s, cột %(column)s: không có cơ quan mã «%(code)s».")
                % {"row": line, "column": COLUMNS[2], "code": lead}
            )
        codes = [code.strip() for code in coordinating.split(";") if code.strip()]
        for code in codes:
            if code not in agencies:
                errors.append(
                    _("Dòng %(row)s, cột %(column)s: không có cơ quan mã «%(code)s».")
                    % {"row": line, "column": COLUMNS[3], "code": code}
                )
        parsed.append((int(stt), section, text, lead, codes, timeline))
    if errors:
        raise PlanImportError(errors)
    with transaction.atomic():
        for code, title in sections.items():
            PlanSection.objects.update_or_create(plan=plan, code=code, defaults={"title": title[:255]})
        for number, section, text, lead, codes, timeline in parsed:
            year_from, year_to = timeline_years(timeline)
            task, _created = PlanTask.objects.update_or_create(
                plan=plan,
                number=number,
                defaults={
                    "section": section,
                    "text": text,
                    "lead_agency": agencies[lead],
                    "timeline": timeline,
                    "year_from": year_from,
                    "year_to": year_to,
                },
            )
            task.coordinating_agencies.set([agencies[code] for code in codes])
        recorder.record(
            case=plan, action="plan.import", actor=actor, changes={"tasks": [None, [row[0] for row in parsed]]}
        )
    return len(parsed)
