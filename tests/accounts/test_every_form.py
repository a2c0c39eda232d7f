"""Every form of the site, sent by the people who are shown it, with out-of-range numbers, years and dates and
oversized text, one field at a time: never a 500, and nothing changes.

The forms are found, not listed: every URL pattern is visited (as tests/workflows/test_url_walk.py does) by every
role of a province with a result in every state, its annual reports open and every open task claimed by someone
who may work on it; each POST form on a page that answers 200 is read from its HTML.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from lxml import html
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from audit.models import Event
from reports.models import AnnualReport
from tasks_registry.models import Document, Result, Transfer
from tests.reports.builders import YEAR, ReportingProvince
from tests.reports.test_pages_and_flow import work
from tests.workflows.test_url_walk import _our_case, _urls
from workflows.models import WorkItem

pytestmark = pytest.mark.django_db

DIGITS = re.compile(r"\d+")
BIG_NUMBER = "100000000000000000000"
BAD_VALUES = {
    "text": "Nội dung quá dài. " * 17_000,  # ≈ 300 KB
    "date": ["01/01/0001", "31/12/9999"],
    "number": [BIG_NUMBER, "1e5000", "1e1000000", "-1"],
    "year": ["0", "10000", BIG_NUMBER],
}
# Events that a refused or read-only request writes by design (evidence of what was tried, an auditor's reading).
# GET /api/v1/audit/verify/ keeps each verification in the auditor's own history ("audit.verified"), as a search does.
EVIDENCE = {
    "security.permission_denied",
    "audit.searched",
    "audit.exported",
    "audit.verified",
    "auth.logged_in",
    "auth.logged_out",
    "document.downloaded",
}
NOT_WALKED = {"/accounts/logout/"}  # ends the walk


def _kind(element):
    name = (element.get("name") or "").lower()
    kind = (element.get("type") or "text").lower() if element.tag == "input" else element.tag
    placeholder = (element.get("placeholder") or "").lower()
    if name.startswith("note_"):
        return "text"  # the reporter's explanation of a corrected figure ("note_transfers_value"), not the figure
    if "year" in name or name == "nam":
        return "year"
    if kind == "date" or "dd/mm" in placeholder or name.endswith(("_date", "_on", "date_from", "date_to")):
        return "date"
    if kind == "number" or name.startswith("manual_") or name.endswith(("_value", "_amount")):
        return "number"
    if kind in ("text", "textarea", "email", "password", "search", "url", "tel"):
        return "text"
    return None


def _plain_field(component):
    """The plain field a `vf-field-*` component stands for (its name, type, value and choices)."""
    widget = component.tag[len("vf-field-") :]
    options = [
        option["value"]
        for group in json.loads(component.get("optgroups") or "[]")
        for option in (group["options"] if isinstance(group["options"], list) else [group["options"]])
        if option.get("value")
    ]
    if widget in ("radio-select", "select", "select-multiple"):
        element = html.Element("input", type="radio", name=component.get("name"), value=(options or [""])[0])
    elif widget == "textarea":
        element = html.Element("textarea", name=component.get("name"))
    elif widget in ("checkbox", "file", "hidden"):
        element = html.Element("input", type=widget, name=component.get("name"), value=component.get("value") or "")
    else:
        element = html.Element(
            "input",
            type=component.get("type") or "text",
            name=component.get("name"),
            placeholder=component.get("placeholder") or "",
            value=component.get("value") or "",
        )
    return element


def _forms(page_url, content):
    """[(method, action, base data, {field: kind})] of the page's forms that have something to fill."""
    tree = html.fromstring(content)
    found = []
    for form in tree.xpath("//form"):
        method = (form.get("method") or "get").lower()
        action = form.get("action") or page_url
        if not action.startswith("/"):
            action = page_url
        base, fillable = {}, {}
        for element in form.xpath(".//input|.//textarea|.//select|.//*[starts-with(local-name(), 'vf-field-')]"):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.tag.startswith("vf-field-"):
                # viewflow's Material form fields are web components; the browser posts them like the plain ones.
                element = _plain_field(element)
            kind = (element.get("type") or "text").lower() if element.tag == "input" else element.tag
            if kind in ("submit", "button", "file", "checkbox"):
                continue
            if kind == "hidden":
                base.setdefault(name, element.get("value") or "")
            elif kind == "radio" or element.tag == "select":
                options = (
                    [element.get("value")]
                    if kind == "radio"
                    else [o.get("value") for o in element.xpath(".//option") if o.get("value")]
                )
                if options and options[0] and name not in base:
                    base[name] = options[0]  # a real choice, so that the other fields are what gets judged
            elif _kind(element):
                fillable[name] = _kind(element)
        if fillable:
            found.append((method, action, base, fillable))
    return found


def _variants(base, fillable):
    """One field out of range at a time (each of its bad values), then all of them at once."""
    for name, kind in fillable.items():
        values = BAD_VALUES[kind]
        for value in values if isinstance(values, list) else [values]:
            yield {**base, name: value}
    yield {
        **base,
        **{name: (BAD_VALUES[kind] if kind == "text" else BAD_VALUES[kind][0]) for name, kind in fillable.items()},
    }


def _state():
    def rows(queryset):
        return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in queryset.values())

    return {
        "results": rows(Result.objects.all()),
        "work": rows(WorkItem.objects.all()),
        "tasks": sorted(Task.objects.values_list("pk", "status", "owner_id")),
        "reports": rows(AnnualReport.objects.all()),
        "transfers": rows(Transfer.objects.all()),
        "documents": Document.objects.count(),
        "passwords": sorted(get_user_model().objects.values_list("pk", "password")),
        "events": sorted(Event.objects.exclude(action__in=EVIDENCE).values_list("action", flat=True)),
    }


def _claim_every_open_task(people):
    for task in Task.objects.filter(flow_task_type="HUMAN", status=STATUS.NEW):
        for person in people:
            if task.flow_task.can_assign(person, task):
                with task.activation() as activation:
                    activation.assign(person)
                break


def _task_urls():
    """Every claimed task's page, of both flows: the URL walk fills a task URL with whatever ids it has, which
    need not be a process and one of its own tasks."""
    tasks = Task.objects.filter(flow_task_type="HUMAN", status=STATUS.ASSIGNED).order_by("pk")
    return [task.flow_task.reverse("execute", args=[task.process_id, task.pk]) for task in tasks]


def test_every_form_refuses_out_of_range_input_without_a_server_error_and_changes_nothing(client):
    province = ReportingProvince("A")
    results, document = _our_case(province)
    host_report, dept_report = province.open()
    # One report waits for its head's approval, one for the Sở's review, one is still a draft: every report form.
    work(client, province.host_reporter, host_report, {f"progress_{province.plan_task.pk}": "2 hội nghị"})
    work(client, province.dept_reporter, dept_report, {})
    work(client, province.dept_head, dept_report, {"decision": "submit", "comment": "Đồng ý"})
    province.open(YEAR - 1)  # last year's reports stay drafts: the reporter's form
    people = [
        province.dept_officer,
        province.dept_head,
        province.host_officer,
        province.host_head,
        province.receiver_officer,
        province.auditor,
        province.dept_reporter,
        province.host_reporter,
    ]
    _claim_every_open_task(people)
    urls = [url for url in _urls(results, document) if url not in NOT_WALKED] + _task_urls()
    before = _state()

    errors, posted, forms_seen = [], 0, set()
    for person in people:
        client.force_login(person)
        for url in urls:
            page = client.get(url)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            for method, action, base, fillable in _forms(url, page.content):
                key = (method, DIGITS.sub("N", action.split("?")[0]), tuple(sorted(fillable)))
                if key in forms_seen:
                    continue  # the same form for another result or person: its bounds are already tried
                forms_seen.add(key)
                for data in _variants(base, fillable):
                    if method == "post":
                        response = client.post(action, data)
                    else:  # a search or a filter: the same bounds, in the query string (the big text stays out)
                        response = client.get(action, {k: v[:2000] for k, v in data.items()})
                    posted += 1
                    if response.status_code >= 500:
                        changed = {k for k, v in data.items() if base.get(k) != v}
                        errors.append((person.username, action, sorted(changed), response.status_code))
        assert client.get("/").status_code == 200, f"{person.username} was logged out by the walk"

    assert not errors, errors[:20]
    after = _state()
    changed = {
        k: (
            sorted(set(map(str, after[k])) - set(map(str, before[k])))[:10],
            sorted(set(map(str, before[k])) - set(map(str, after[k])))[:10],
        )
        for k in after
        if after[k] != before[k] and k != "documents"
    }
    assert changed == {}, changed
    # The walk did reach the forms that matter: a task's step, planning, the annual report, search, password.
    actions = {action for _method, action, _fields in forms_seen}
    assert any("/workflow/result/" in a and "/execute/" in a for a in actions), sorted(actions)
    assert any(a.endswith("/plan/") for a in actions), sorted(actions)
    assert "/accounts/password/change/" in actions and "/audit/" in actions
    assert {"draft", "approve", "review"} <= {
        a.split("/")[-4] for a in actions if a.startswith("/workflow/annualreport/")
    }
    assert posted > 100
