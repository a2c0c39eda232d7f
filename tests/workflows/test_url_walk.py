"""Every URL of the site, as every role of another province's agencies (two provinces in one database), and as the
ministry: nothing of ours is shown or changed. The ministry may read our province's consolidation (our agencies'
names and figures) but never a case."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from viewflow.workflow.models import Task

from audit.models import AuditorScope
from reports import services as report_services
from reports.models import AnnualReport, ReportingSettings
from tasks_registry import services
from tasks_registry.models import Agency, AgencyKind, Result
from tasks_registry.roles import Role
from tests.factories import make_agency, make_member
from tests.reports.builders import YEAR, ReportingProvince
from tests.tasks_registry.driver import Actors, drive
from tests.tasks_registry.states import REACH

pytestmark = pytest.mark.django_db

MARKER = "Bí mật tỉnh A"
AGENCY_MARKER = "Viện Ẩn danh tỉnh A"  # our host's name: shown on our reports and consolidation, to us and the ministry
PDF = b"%PDF-1.4\n%%EOF\n"
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern, route)
        else:
            yield route


def _our_reports(province):
    """Our province's annual reports: opened by our Sở, our host's report accepted, so the consolidation holds it."""
    settings = ReportingSettings.for_province(province.province)
    settings.consolidator = province.department
    settings.save()
    Agency.objects.filter(pk=province.host.pk).update(name=AGENCY_MARKER)
    host_report, _dept_report = province.open(YEAR)
    report_services.approve_and_submit(host_report, actor=province.host_head, agency=province.host)
    report_services.accept(host_report, actor=province.dept_officer, agency=province.department)


def _our_case(province):
    """Province A with a result in every state (so every kind of task exists), a document and finished work."""
    results = []
    for state, (approval, retains, path) in REACH.items():
        result = drive(Actors(province), province.result(approval, state_retains_rights=retains), *path)
        Result.objects.filter(pk=result.pk).update(title=f"{MARKER} {state}")
        results.append(result)
    document = services.attach_document(
        results[0],
        actor=province.host_officer,
        agency=province.host,
        kind="final_report",
        uploaded_file=SimpleUploadedFile("mat.pdf", PDF),
    )
    return results, document


def _urls(results, document):
    tasks = Task.objects.filter(process__artifact_object_id__in=[r.pk for r in results]).exclude(flow_task_type="START")
    task_by_node = {}
    for task in tasks:
        task_by_node.setdefault(task.flow_task.name, task)
    any_task = next(iter(task_by_node.values()))
    urls = set()
    for route in _patterns():
        if route.startswith("admin/") or route == "accounts/logout/":
            continue  # the admin is for staff only (tests/tasks_registry/test_admin.py); logging out ends the walk
        node = next((name for name in task_by_node if f"/{name}/" in route), None)
        task = task_by_node[node] if node else any_task
        values = {"pk": results[0].pk, "document_pk": document.pk, "process_pk": task.process_id, "task_pk": task.pk}
        url = "/" + CONVERTER.sub(lambda m, values=values: str(values.get(m.group(2), 1)), route)
        urls.add(url.replace("//", "/"))
    return sorted(urls)


def _snapshot(results):
    return (
        sorted(AnnualReport.objects.values_list("pk", "status", "manual_figures")),
        sorted(Result.objects.filter(pk__in=[r.pk for r in results]).values_list("pk", "status")),
        sorted(
            Task.objects.filter(process__artifact_object_id__in=[r.pk for r in results]).values_list(
                "pk", "status", "owner_id"
            )
        ),
    )


def test_another_provinces_people_see_and_change_nothing_of_ours(client):
    ours, theirs = ReportingProvince("A"), ReportingProvince("B")
    results, document = _our_case(ours)
    _our_reports(ours)
    settings = ReportingSettings.for_province(theirs.province)  # their Sở consolidates their own province
    settings.consolidator = theirs.department
    settings.save()
    AuditorScope.objects.create(
        user=theirs.auditor, province_wide=True, province=theirs.province, valid_from=datetime.date(2010, 1, 1)
    )
    ministry = make_member(make_agency("BKHCN", AgencyKind.MINISTRY, "Bộ Khoa học và Công nghệ"), Role.OFFICER, "bo")
    people = [
        theirs.dept_officer,
        theirs.dept_head,
        theirs.host_officer,
        theirs.host_head,
        theirs.receiver_officer,
        theirs.auditor,
        theirs.dept_reporter,
        theirs.host_reporter,
        ministry,
    ]
    urls = _urls(results, document)
    assert len(urls) > 100
    # The province-wide pages asked for our province by name: refused to them, shown to the ministry.
    urls += [f"{url}?province={ours.province.code}&year={YEAR}" for url in urls if url.startswith("/reports/")]
    before = _snapshot(results)

    leaks = []
    for person in people:
        client.force_login(person)
        for url in urls:
            # Agency names are a shared catalogue (a transfer may go to another province's company); our reports
            # and consolidation are not: our host's name on a reports page would be our report shown to them.
            markers = (MARKER, AGENCY_MARKER) if url.startswith("/reports/") and person != ministry else (MARKER,)
            for method in (client.get, client.post):
                response = method(url)
                if response.status_code >= 500:
                    leaks.append((person.username, method.__name__, url, response.status_code))
                elif response.status_code == 200:
                    content = response.content.decode(errors="replace")
                    leaks += [
                        (person.username, method.__name__, url, marker) for marker in markers if marker in content
                    ]
    assert not leaks, leaks[:20]
    client.force_login(ministry)  # the ministry does read our consolidation
    page = client.get(f"/reports/national/{YEAR}/").content.decode()
    assert ours.province.name in page and theirs.province.name in page
    assert not refused_our_own_reachable(client, people), "the walk must stay logged in"
    assert _snapshot(results) == before


def refused_our_own_reachable(client, people):
    """After the walk every person is still logged in: the list pages answer 200."""
    client.force_login(people[0])
    return client.get("/workflow/result/queue/").status_code != 200


def test_our_own_people_do_see_our_results(client):
    ours = ReportingProvince("A")
    results, document = _our_case(ours)
    client.force_login(ours.dept_head)
    assert MARKER in client.get("/results/").content.decode()
    assert MARKER in client.get("/workflow/result/queue/").content.decode()
    assert client.get(f"/results/{results[0].pk}/documents/{document.pk}/").status_code == 200
