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

NEWEST_FIRST = ("-occurred_at", "-id")


class EventFilterForm(forms.Form):
    q = forms.CharField(
        label=_("tìm"),
        required=False,
        max_length=200,
        help_text=_("Số đăng ký, mã nhiệm vụ, tên kết quả, họ tên người, tên cơ quan hoặc tên hành động"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Ví dụ: KQ099001, Trần Minh Khoa, giao quyền")}
        ),
    )
    case_key = forms.CharField(
        label=_("hồ sơ"), required=False, max_length=120, help_text=_("Số đăng ký hoặc mã nhiệm vụ")
    )
    actor = forms.CharField(
        label=_("người thực hiện"), required=False, max_length=150, help_text=_("Họ và tên (hoặc một phần)")
    )
    agency = forms.ModelChoiceField(
        label=_("thay mặt cơ quan"), required=False, queryset=Agency.objects.order_by("name")
    )
    # A code as recorded (any, so that links and the API name actions not in the list), chosen by its label.
    action = forms.CharField(label=_("hành động"), required=False, max_length=80, widget=forms.Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Actions by their Vietnamese labels; the recorded code is the value, so links and the API keep working.
        from tasks_registry.lifecycle import STEPS
        from tasks_registry.templatetags.registry_tags import ACTION_LABELS, action_text

        codes = {*ACTION_LABELS, *(f"result.{name}" for name in STEPS)}
        labelled = sorted(((code, str(action_text(code))) for code in codes), key=lambda pair: pair[1])
        self.fields["action"].widget.choices = [("", _("Mọi hành động")), *labelled]

    date_from = BoundedDateField(label=_("từ ngày"), required=False, input_formats=["%d/%m/%Y"])
    date_to = BoundedDateField(label=_("đến ngày"), required=False, input_formats=["%d/%m/%Y"])

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
        events = events.filter(_case_matching(data["case_key"].strip()))
    if data.get("actor"):
        actor = data["actor"].strip()
        events = events.filter(Q(actor__username=actor) | Q(actor_name__icontains=actor))
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


def _case_matching(text):
    """A case by the numbers people use (registration number, task code), or by its key as links carry it."""
    from tasks_registry.models import Result

    from .access import RESULT_CASE_PREFIX

    results = Result.objects.filter(Q(registration_no__iexact=text) | Q(task__code__iexact=text))
    keys = [f"{RESULT_CASE_PREFIX}{pk}" for pk in results.values_list("pk", flat=True)[:500]]
    return Q(case_key=text) | Q(case_key__in=keys)


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
