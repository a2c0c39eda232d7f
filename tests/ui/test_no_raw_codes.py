"""Every page, as every role of the province that owns the cases, in Vietnamese: names, never codes.

The walk is the one of tests/workflows/test_url_walk.py (a result in every state, a document, finished work), seen
this time by our own people, who do see the cases. Every person has a full name, so a login on a page means a page
that wrote `user.username` where a name belongs. The text a person reads (the text nodes, and the attributes a
browser shows: title, aria-label, placeholder, alt, label, a button's value) must hold no login, no dotted event code
("auth.logged_in"), no model reference ("tasks_registry.result:170"), no snake_case key ("results_recognised") and
none of viewflow's English words (the list below: what its Material templates write when nobody translated them).
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from audit.models import AuditorScope
from tasks_registry.models import AgencyKind, Result
from tasks_registry.roles import Role
from tests.factories import make_agency, make_member
from tests.reports.builders import ReportingProvince
from tests.workflows.test_url_walk import _our_case, _our_reports, _urls

pytestmark = pytest.mark.django_db

SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "label"}
DOTTED_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*(?::\d+)?\b")
MODEL_REFERENCE = re.compile(r"\b[a-z_]+\.[a-z_]+:\d+\b")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# What viewflow's Material templates and scripts write in English (checked as whole words, case as written).
VIEWFLOW_ENGLISH = (
    "Brief",
    "Select all",
    "GO",
    "Created",
    "Assigned",
    "Finished",
    "Previous tasks",
    "Next tasks",
    "No previous tasks",
    "No next tasks",
    "Dashboard",
    "Inbox",
    "Queue",
    "Archive",
    "Cancel",
    "Owner",
    "Description",
    "Status",
    "Show all",
    "Login",
    "Log out",
    "Logout",
    "Profile",
    "Access Forbidden",
    "Pick an action",
    "Export BPMN",
    "Flow Chart",
    "Process",
    "Task",
    "Tasks",
    "Processes",
    "Undo",
    "Revive",
    "Assign",
    "Unassign",
    "Execute",
    "Execute and continue",
    "Assign and continue",
    "New process",
    "Artifact",
    "Seed",
    "Permission",
    "Applications",
    "Log in as another user",
    "have no rights to access this page",
    "Reassign",
    "Active tasks",
    "Unassigned",
)
ENGLISH = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in VIEWFLOW_ENGLISH) + r")(?![\w-])")
ENGLISH_SUMMARY = re.compile(r"\b\d+-\d+ of \d+\b")
# Hosts' file names are what they uploaded; URLs and e-mail addresses are not codes.
ALLOWED = re.compile(r"\S+\.(?:pdf|docx?|xlsx?|png|jpe?g)\b|\S+@\S+|https?://\S+|www\.\S+", re.IGNORECASE)


class ShownText(HTMLParser):
    """The text a person reads on the page: text nodes outside script/style/template, and the shown attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden, self._hidden_tags = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Material icons are ligatures: "filter_list" in the markup is drawn as a funnel, never read as a word.
        if tag in ("script", "style", "template", "noscript") or "material-icons" in (attrs.get("class") or ""):
            self._hidden += 1
            self._hidden_tags.append(tag)
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if attrs.get("optgroups"):  # viewflow's <vf-field-select> carries its choices as JSON in an attribute
            for group in json.loads(attrs["optgroups"]):
                options = group.get("options")
                for option in options if isinstance(options, list) else [options]:
                    if option and option.get("label"):
                        self.parts.append(str(option["label"]))
        if tag in ("input", "button") and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._hidden_tags and self._hidden_tags[-1] == tag:
            self._hidden_tags.pop()
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def shown_text(html):
    parser = ShownText()
    parser.feed(html)
    return [ALLOWED.sub(" ", part) for part in parser.parts]


def raw_codes(parts, usernames):
    found = []
    for text in parts:
        found += [("login", name) for name in usernames if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text)]
        found += [("model reference", code) for code in MODEL_REFERENCE.findall(text)]
        found += [("dotted code", code) for code in DOTTED_CODE.findall(text)]
        found += [("snake_case key", code) for code in SNAKE_CASE.findall(text)]
        found += [("viewflow English", word) for word in ENGLISH.findall(text)]
        found += [("viewflow English", word) for word in ENGLISH_SUMMARY.findall(text)]
    return found


def test_the_checker_finds_each_kind_of_raw_code():
    parts = shown_text(
        '<p>Người xử lý: a-dept-officer</p><p title="tasks_registry.result:170">Lịch sử</p><li>auth.logged_in</li>'
        "<td>results_recognised: 169</td><span>1-5 of 5</span><button>Select all</button><h1>Brief</h1>"
        '<script>var x = "auth.logged_in";</script><a href="/x_y/">Tệp mat.pdf, hộp thư a@b.vn</a>'
    )
    kinds = {kind for kind, _code in raw_codes(parts, ["a-dept-officer"])}
    assert kinds == {"login", "model reference", "dotted code", "snake_case key", "viewflow English"}
    assert (
        raw_codes(shown_text("<p>Nguyễn Văn An (Sở KH&amp;CN) · 30/11/2026 09:15 · 1.250.000 đồng</p>"), ["an"]) == []
    )


def test_every_page_names_people_actions_and_cases_instead_of_showing_codes(client):
    ours = ReportingProvince("A")
    ministry = make_member(
        make_agency("BKHCN", AgencyKind.MINISTRY, "Bộ Khoa học và Công nghệ"), Role.OFFICER, "bo-chuyenvien"
    )
    people = [
        ours.dept_officer,
        ours.dept_head,
        ours.host_officer,
        ours.host_head,
        ours.receiver_officer,
        ours.auditor,
        ours.dept_reporter,
        ours.host_reporter,
        ministry,
    ]
    for number, person in enumerate(people):  # named before they act: events keep the actor's name of the moment
        get_user_model().objects.filter(pk=person.pk).update(first_name=f"Văn {number}", last_name="Nguyễn")
        person.refresh_from_db()
    results, document = _our_case(ours)
    for number, result in enumerate(results):  # the walk's titles carry the state's key; ours read as titles do
        Result.objects.filter(pk=result.pk).update(title=f"Bí mật tỉnh A, kết quả số {number}")
    _our_reports(ours)
    AuditorScope.objects.create(
        user=ours.auditor, province_wide=True, province=ours.province, valid_from=datetime.date(2010, 1, 1)
    )
    usernames = list(get_user_model().objects.values_list("username", flat=True))
    urls = [url for url in _urls(results, document) if not url.startswith(("/i18n/", "/jsi18n/"))]

    findings, pages = {}, 0
    with translation.override("vi"):
        for person in people:
            client.force_login(person)
            for url in urls:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    continue
                pages += 1
                for kind, code in raw_codes(shown_text(response.content.decode()), usernames):
                    findings.setdefault((kind, code), f"{person.username} {url}")
    assert pages > 200
    assert not findings, "\n".join(
        f"{kind}: {code!r} (first on {where})" for (kind, code), where in sorted(findings.items())
    )
