"""The auditors' workspace: search the log, read a case or a person's history, export, verify the chains.

Read-only by construction: every page is a GET except "verify now", which writes only its VerificationRun.
What an auditor reads is itself recorded ("audit.searched", "audit.exported") in the auditor's own chain.
Names are shown as recorded in the event (the agency's name on that day); the case page adds today's name.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from operations.replica import reads_from_replica
from tasks_registry.access import is_auditor
from tasks_registry.views import timeline

from .. import checkpoints, recorder
from ..models import VerificationRun
from ..security import reading_case
from ..verification import run_and_store
from . import exports
from .access import RESULT_CASE_PREFIX, visible_events
from .cases import case_titles, with_case_titles
from .search import EventFilterForm, apply_filters, keyset_page, parse_cursor

PAGE_SIZE = 50
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8; header=present", exports.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx),
}


def auditor_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_auditor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _record_own(request, action, changes):
    """The auditor's own reading, in their own chain, so auditors are auditable too."""
    with transaction.atomic():
        recorder.record(
            case=reading_case(request.user), obj=request.user, action=action, actor=request.user, changes=changes
        )


def _searched(request, filters, rows):
    _record_own(request, "audit.searched", {"filters": [None, filters], "rows": [None, rows]})


@require_GET
@auditor_required
@reads_from_replica
def search(request):
    form = EventFilterForm(request.GET or None)
    events, filters, next_cursor = [], {}, None
    if form.is_bound and form.is_valid():
        filters = form.filters()
        matching = apply_filters(visible_events(request.user), form.cleaned_data)
        events, next_cursor = keyset_page(matching, parse_cursor(request.GET.get("after")), PAGE_SIZE)
        _searched(request, filters, len(events))
        events = with_case_titles(events)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "events": events,
            "searched": form.is_bound,
            "next_cursor": next_cursor,
            "query": query.urlencode(),
        },
    )


@require_GET
@auditor_required
@reads_from_replica
def case_timeline(request, case_key):
    events = visible_events(request.user).filter(case_key=case_key).select_related("agency").order_by("seq")
    events = list(events)
    if not events:
        raise Http404  # outside the scope looks the same as absent
    _searched(request, {"case_key": case_key}, len(events))
    return render(
        request,
        "audit/case.html",
        {
            "case_key": case_key,
            "case_title": case_titles([case_key])[case_key],
            "timeline": timeline(events),
            "result_pk": _result_pk(case_key),
        },
    )


def _result_pk(case_key):
    ident = case_key.removeprefix(RESULT_CASE_PREFIX)
    return int(ident) if case_key.startswith(RESULT_CASE_PREFIX) and ident.isdigit() else None


@require_GET
@auditor_required
@reads_from_replica
def person_activity(request, user_pk):
    person = get_object_or_404(get_user_model(), pk=user_pk)
    matching = visible_events(request.user).filter(actor=person)
    events, next_cursor = keyset_page(matching, parse_cursor(request.GET.get("after")), PAGE_SIZE)
    _searched(request, {"actor_id": person.pk}, len(events))
    events = with_case_titles(events)
    return render(request, "audit/person.html", {"person": person, "events": events, "next_cursor": next_cursor})


@require_GET
@auditor_required
def export(request, kind):
    form = EventFilterForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('audit:search')}?{request.GET.urlencode()}")
    content_type, write = EXPORT_TYPES[kind]
    matching = apply_filters(visible_events(request.user), form.cleaned_data).order_by("-occurred_at", "-id")
    if kind == "csv" and request.GET.get("sep") == "semicolon":
        content, count = write(matching, delimiter=";")  # spreadsheets set to Vietnamese split on ";"
    else:
        content, count = write(matching)
    filters = form.filters()
    _record_own(request, "audit.exported", {"filters": [None, filters], "format": [None, kind], "rows": [None, count]})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky.{kind}"'
    return response


@require_http_methods(["GET", "POST"])
@auditor_required
def verification(request):
    if request.method == "POST":
        run, _report = run_and_store(started_by=request.user)
        _record_own(
            request,
            "audit.verified",
            {
                "ok": [None, run.ok],
                "chains_checked": [None, run.chains_checked],
                "events_checked": [None, run.events_checked],
                "broken": [None, len(run.broken)],
            },
        )
        if run.ok:
            messages.success(request, _("Các chuỗi nhật ký toàn vẹn."))
        else:
            messages.error(request, _("Phát hiện liên kết bị phá vỡ trong nhật ký."))
        return redirect("audit:verification")
    return render(
        request,
        "audit/verification.html",
        {
            "run": VerificationRun.objects.select_related("started_by").first(),
            **_checkpoint_context(),
        },
    )


def _checkpoint_context():
    """The latest signed checkpoint (kept outside the database) and how many there are, for the auditors."""
    try:
        latest, error = checkpoints.latest(), ""
    except checkpoints.CheckpointError:
        latest, error = None, _("Không đọc được điểm kiểm soát gần nhất.")
    return {"checkpoint": latest, "checkpoint_error": error, "checkpoint_count": len(checkpoints.files())}
