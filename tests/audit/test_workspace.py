"""The auditors' workspace: who gets in, what each auditor sees, paging, the case timeline, exports."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import recorder
from audit.context import Origin
from audit.models import Event
from audit.recorder import case_key_for
from audit.security import reading_case
from tasks_registry import services
from tests.factories import Province, make_user
from tests.tasks_registry.driver import Actors, drive

from .builders import events_for, grant

pytestmark = pytest.mark.django_db

EVENT_ID = re.compile(r'data-event-id="(\d+)"')


def shown_ids(response):
    assert response.status_code == 200
    return [int(pk) for pk in EVENT_ID.findall(response.content.decode())]


@pytest.fixture
def two():
    a, b = Province("A"), Province("B")
    return a, b


def test_only_auditors_and_superusers_enter(client, two):
    a, _b = two
    for person in (a.dept_officer, a.dept_head, a.host_officer, a.receiver_officer):
        client.force_login(person)
        for url in ("/audit/", "/audit/verification/", "/audit/export.csv", f"/audit/people/{person.pk}/"):
            assert client.get(url).status_code == 403, (person, url)
    client.force_login(a.auditor)
    assert client.get("/audit/").status_code == 200
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert client.get("/audit/").status_code == 200


def test_the_nav_link_shows_only_to_auditors(client, two):
    a, _b = two
    client.force_login(a.auditor)
    assert "Kiểm tra, kiểm toán" in client.get("/").content.decode()
    client.force_login(a.dept_head)
    assert "Kiểm tra, kiểm toán" not in client.get("/").content.decode()


def test_an_agency_auditor_sees_only_their_agencies_and_their_results(client, two):
    a, b = two
    ours = events_for(a.host, 3)
    theirs = events_for(b.host, 3)
    result_b = drive(Actors(b), b.result(), "accept")  # the results of B's agencies are B's cases
    grant(a.auditor, a.department)
    client.force_login(a.auditor)
    seen = set(shown_ids(client.get("/audit/", {"date_from": "01/01/2020"})))
    assert not seen & {e.pk for e in theirs}
    assert not seen & set(Event.objects.filter(case_key=case_key_for(result_b)).values_list("pk", flat=True))
    assert not seen & {e.pk for e in ours}  # the host is not in the scope …
    result_a = drive(Actors(a), a.result(), "accept")  # … but the department's results are, whoever acted
    case_a = set(Event.objects.filter(case_key=case_key_for(result_a)).values_list("pk", flat=True))
    seen = set(shown_ids(client.get("/audit/", {"date_from": "01/01/2020"})))
    assert case_a and case_a <= seen
    assert client.get(f"/audit/cases/{case_key_for(result_b)}/").status_code == 404
    assert client.get(f"/audit/cases/{case_key_for(result_a)}/").status_code == 200


def test_a_province_wide_auditor_sees_both(client, two):
    a, b = two
    ours, theirs = events_for(a.host, 2), events_for(b.host, 2)
    grant(b.auditor, province_wide=True)
    client.force_login(b.auditor)
    seen = set(shown_ids(client.get("/audit/", {"action": "test.event"})))
    assert seen == {e.pk for e in ours + theirs}


def test_an_auditor_without_a_scope_sees_nothing(client, two):
    a, _b = two
    events_for(a.department, 2)
    client.force_login(a.auditor)
    assert shown_ids(client.get("/audit/", {"action": "test.event"})) == []


def test_keyset_pages_show_every_event_exactly_once(client, two):
    a, _b = two
    made = events_for(a.department, 123)
    grant(a.auditor, a.department)
    client.force_login(a.auditor)
    url, seen, pages = "/audit/?action=test.event", [], 0
    while url:
        response = client.get(url)
        seen += shown_ids(response)
        pages += 1
        found = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
        url = "/audit/" + found.group(1).replace("&amp;", "&") if found else None
        assert "offset" not in (url or "")
    assert pages == 3
    assert seen == sorted((e.pk for e in made), reverse=True)  # newest first, each once


def test_the_search_runs_the_same_queries_for_10_or_200_events(client, two):
    a, _b = two
    grant(a.auditor, a.department)
    events_for(a.department, 10)
    client.force_login(a.auditor)
    client.get("/audit/?action=test.event")  # warm up: the auditor's own chain exists from here on

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/?action=test.event").status_code == 200
        return len(captured)

    few = count()
    events_for(a.department, 190)
    assert count() == few


def test_the_case_timeline_shows_before_and_after_and_names_as_recorded(client, two):
    a, _b = two
    result = drive(Actors(a), a.result(), "accept")
    with transaction.atomic():
        recorder.record(
            case=result,
            action="document.downloaded",
            actor=a.dept_officer,
            agency=a.department,
            origin=Origin(request_id="req-42", ip_address="10.0.0.9"),
        )
    services.rename_agency(
        a.department,
        actor=make_user("root", is_superuser=True),
        new_name="Sở Khoa học và Công nghệ (tên mới)",
        effective_on=datetime.date.today(),
    )
    grant(a.auditor, a.department)
    client.force_login(a.auditor)
    page = client.get(f"/audit/cases/{case_key_for(result)}/").content.decode()
    accepted = Event.objects.get(case_key=case_key_for(result), action="result.accept")
    assert accepted.agency_name == "Sở Khoa học và Công nghệ A"
    assert "Sở Khoa học và Công nghệ A (nay: Sở Khoa học và Công nghệ (tên mới))" in page
    status_change = (
        '<span class="changes__before">Đã nộp hồ sơ đánh giá, nghiệm thu</span> <span aria-hidden="true">→</span>'
        '<span class="visually-hidden">thành</span> <span class="changes__after">Đã nghiệm thu, công nhận kết quả</span>'
    )
    assert status_change in page
    assert "12/QĐ" in page and "a-dept-head" in page
    assert "req-42" in page and "10.0.0.9" in page
    assert page.index('data-seq="1"') < page.index('data-seq="2"')


def test_a_person_page_lists_what_they_did(client, two):
    a, _b = two
    mine = events_for(a.department, 3, actor=a.dept_officer)
    events_for(a.department, 2, actor=a.dept_head)
    grant(a.auditor, a.department)
    client.force_login(a.auditor)
    assert shown_ids(client.get(f"/audit/people/{a.dept_officer.pk}/")) == sorted((e.pk for e in mine), reverse=True)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_holds_exactly_the_searched_events_and_is_recorded(client, two, kind):
    a, b = two
    wanted = events_for(a.department, 7, action="test.wanted")
    events_for(a.department, 3, action="test.other")
    events_for(b.department, 4, action="test.wanted")  # outside the scope
    grant(a.auditor, a.department)
    client.force_login(a.auditor)
    filters = {"action": "test.wanted", "date_from": "01/01/2020"}
    searched = shown_ids(client.get("/audit/", filters))
    response = client.get(f"/audit/export.{kind}", filters)
    assert response.status_code == 200
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        rows = rows[rows.index(next(row for row in rows if row[0] == "Số hiệu sự kiện")) :]  # below the title lines
    exported = [int(row[0]) for row in rows[1:]]
    assert exported == searched == sorted((e.pk for e in wanted), reverse=True)

    own = Event.objects.filter(case_key=reading_case(a.auditor)).order_by("seq")
    assert [e.action for e in own] == ["audit.searched", "audit.exported"]
    search, export = own
    assert search.actor == a.auditor and search.changes["filters"] == [None, filters]
    assert export.changes == {"filters": [None, filters], "format": [None, kind], "rows": [None, 7]}


def test_a_bad_date_is_a_form_error_not_a_crash(client, two):
    a, _b = two
    client.force_login(a.auditor)
    response = client.get("/audit/", {"date_from": "2024-31-12"})
    assert response.status_code == 200 and shown_ids(response) == []
    assert client.get("/audit/export.csv", {"date_from": "x"}).status_code == 302
