"""Searching the log: the filters an auditor sets, and keyset pages ordered newest first."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from tasks_registry.bounds import BoundedDateField
from tasks_registry.models import Agency

from .text_search import search_events

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
NEWEST_FIRST = ("-occurred_at", "-id")


class EventFilterForm(forms.Form):
    q = forms.CharField(
        label=_("tìm"), required=False, max_length=200,
        help_text=_("Số đăng ký, mã nhiệm vụ, tên kết quả, họ tên người, tên cơ quan hoặc tên hành động"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Ví dụ: KQ099001, Trần Minh Khoa, giao quyền")}),
    )
    case_key = forms.CharField(label=_("hồ sơ"), required=False, max_length=120)
    actor = forms.CharField(label=_("người thực hiện"), required=False, max_length=150,
                            help_text=_("Tên đăng nhập"))
    agency = forms.ModelChoiceField(label=_("thay mặt cơ quan"), required=False,
                                    queryset=Agency.objects.order_by("name"))
    action = forms.CharField(label=_("hành động"), required=False, max_length=80)
    date_from = BoundedDateField(label=_("từ ngày"), required=False, input_formats=["%d/%m/%Y"], widget=DATE_INPUT)
    date_to = BoundedDateField(label=_("đến ngày"), required=False, input_formats=["%d/%m/%Y"], widget=DATE_INPUT)

    def filters(self) -> dict:
        """The filters as recorded in the auditor's own events (plain JSON values)."""
        data = self.cleaned_data
        recorded = {name: data[name] for name in ("q", "case_key", "actor", "action") if data.get(name)}
        if data.get("agency"):
            recorded["agency"] = data["agency"].pk
        for name in ("date_from", "date_to"):
            if data.get(name):
                recorded[name] = data[name].strftime("%d/%m/%Y")
        return recorded


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def apply_filters(events, data):
    if (data.get("q") or "").strip():
        events = search_events(events, data["q"])
    if data.get("case_key"):
        events = events.filter(case_key=data["case_key"].strip())
    if data.get("actor"):
        events = events.filter(actor__username=data["actor"].strip())
    if data.get("agency"):
        events = events.filter(agency=data["agency"])
    if data.get("action"):
        events = events.filter(action=data["action"].strip())
    # Whole days in the site's time zone: dd/mm/yyyy means that day in Vietnam.
    if data.get("date_from"):
        events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(occurred_at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
    return events


def cursor_of(event) -> str:
    return f"{event.occurred_at.isoformat()}|{event.pk}"


MAX_ID = 2**63 - 1


def parse_cursor(text):
    """The cursor of a "next page" link, or None (the first page) for anything that is not one we wrote."""
    moment, _sep, pk = (text or "")[:100].rpartition("|")
    try:
        moment = parse_datetime(moment) if moment else None
    except ValueError:  # well formed but impossible, e.g. month 13
        return None
    if moment is None or not pk.isdigit() or int(pk) > MAX_ID:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment, int(pk)


def keyset_page(events, cursor, size):
    """One page after `cursor` (the last row of the previous page): no OFFSET, so deep pages cost the same."""
    events = events.order_by(*NEWEST_FIRST)
    if cursor:
        moment, pk = cursor
        events = events.filter(Q(occurred_at__lt=moment) | Q(occurred_at=moment, id__lt=pk))
    rows = list(events[: size + 1])
    next_cursor = cursor_of(rows[size - 1]) if len(rows) > size else None
    return rows[:size], next_cursor
