"""Every API path, tried by every role of another agency of the same province and of another province, on the work of
province A: reads are 404 (lists leave A's things out), writes are 403 or 404, and nothing of A changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from notifications.models import Notification
from reports.annual_report_flow import open_task_of
from reports.models import AnnualReport
from tasks_registry import services
from tasks_registry.models import AgencyKind, Document, Result, STTask
from tasks_registry.roles import Role
from tests.factories import make_agency, make_member
from tests.reports.builders import ReportingProvince
from workflows.flows import ResultFlow

from .helpers import api_as

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot():
    """Everything an outsider's request could have changed (an auditor's own reading record aside)."""
    return (
        list(Result.objects.order_by("pk").values_list("pk", "status", "ownership_holder_id")),
        list(STTask.objects.order_by("pk").values_list("pk", "title", "principal_investigator", "state_budget")),
        list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        list(ResultFlow.task_class.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        list(AnnualReport.objects.order_by("pk").values_list("pk", "status", "difficulties", "proposals")),
        Event.objects.exclude(action__startswith="auth.")
        .exclude(action__startswith="api.token")
        .exclude(action__startswith="security.")
        .exclude(case_key__startswith="user.audit:")
        .count(),
        Document.objects.count(),
    )


@pytest.fixture
def world():
    a = ReportingProvince("A")
    a.consolidate_here()
    result = a.result()
    held = a.result()
    services.attach_document(
        result,
        actor=a.host_officer,
        agency=a.host,
        kind="final_report",
        uploaded_file=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"),
    )
    report, _ = a.open()
    task = ResultFlow.task_class.objects.get(
        process__flow_class=ResultFlow, process__artifact_object_id=result.pk, flow_task_type="HUMAN", status="NEW"
    )
    held_task = ResultFlow.task_class.objects.get(
        process__flow_class=ResultFlow, process__artifact_object_id=held.pk, flow_task_type="HUMAN", status="NEW"
    )
    api_as(a.dept_head).post(f"/api/v1/work/{held_task.pk}/claim/")
    # Outsiders: another agency of province A, and every agency of province B.
    neighbour = make_agency("A-OTHER", AgencyKind.HOST_ORGANISATION, "Viện khác của tỉnh A", province=a.province)
    outsiders = [make_member(neighbour, role, f"neighbour-{role}") for role in Role.values]
    b = ReportingProvince("B")
    b.consolidate_here()
    far = [
        b.dept_officer,
        b.dept_head,
        b.host_officer,
        b.host_head,
        b.receiver_officer,
        b.auditor,
        b.dept_reporter,
        b.host_reporter,
    ]
    return {
        "a": a,
        "result": result,
        "held": held,
        "task": task,
        "held_task": held_task,
        "report": report,
        "document": Document.objects.get(result=result),
        "near": outsiders,
        "far": far,
        "notification": Notification.objects.filter(recipient=a.dept_head).order_by("pk").first(),
    }


def test_every_path_refuses_another_agencys_and_another_provinces_people(world, settings):
    settings.API_THROTTLE_TOKEN = "1000/minute"  # twenty-odd people sign in within the minute
    a, result, report = world["a"], world["result"], world["report"]
    task, held, document = world["task"], world["held_task"], world["document"]
    report_task = open_task_of(report)
    assert world["notification"] is not None  # the head was told of the new work in the agency's queue
    before = snapshot()
    reads = [
        f"/api/v1/results/{result.pk}/",
        f"/api/v1/results/{result.pk}/timeline/",
        f"/api/v1/results/{result.pk}/steps/",
        f"/api/v1/work/{task.pk}/",
        f"/api/v1/work/{held.pk}/",
        f"/api/v1/work/{report_task.pk}/",
        f"/api/v1/st-tasks/{result.task_id}/",
        f"/api/v1/documents/?result={result.pk}",
        f"/api/v1/documents/{document.pk}/download/",
        f"/api/v1/annual-reports/{report.pk}/",
        f"/api/v1/documents/?work={task.pk}",
        f"/api/v1/documents/?work={held.pk}",
    ]
    held_result = world["held"]
    lists = {
        "/api/v1/results/": {result.pk, held_result.pk},
        "/api/v1/work/inbox/": {task.pk, held.pk, report_task.pk},
        "/api/v1/work/queue/": {task.pk, held.pk, report_task.pk},
        "/api/v1/work/archive/": {task.pk, held.pk, report_task.pk},
        "/api/v1/st-tasks/": {result.task_id, held_result.task_id},
        "/api/v1/annual-reports/": {report.pk},
        "/api/v1/notifications/": {world["notification"].pk},
    }
    writes = [
        (f"/api/v1/work/{task.pk}/claim/", {}),
        (f"/api/v1/work/{held.pk}/release/", {}),
        (
            f"/api/v1/work/{held.pk}/complete/",
            {"step": "accept", "acceptance_date": "2024-05-02", "grade": "passed", "decision_no": "1"},
        ),
        (f"/api/v1/work/{task.pk}/complete/", {"step": "return_acceptance", "comment": "x"}),
        (f"/api/v1/work/{held.pk}/reassign/", {"user": a.dept_officer.pk}),
        (f"/api/v1/work/{report_task.pk}/claim/", {}),
        (f"/api/v1/work/{report_task.pk}/complete/", {}),
        (f"/api/v1/annual-reports/{report.pk}/submit/", {}),
        (f"/api/v1/annual-reports/{report.pk}/accept/", {}),
        (f"/api/v1/annual-reports/{report.pk}/return/", {"comment": "x"}),
        ("/api/v1/results/", {"task": result.task_id, "title": "Kết quả lạ", "result_type": "process"}),
        (
            "/api/v1/results/",
            {"task": result.task_id, "title": "Kết quả lạ", "result_type": "process", "agency": a.host.pk},
        ),
        (f"/api/v1/notifications/{world['notification'].pk}/read/", {}),
    ]
    task_etag = api_as(a.dept_officer).get(f"/api/v1/st-tasks/{result.task_id}/")["ETag"]
    a_chains = {f"tasks_registry.result:{result.pk}", f"tasks_registry.result:{held_result.pk}"}
    for person in world["near"] + world["far"]:
        client = api_as(person)
        for url in reads:
            assert client.get(url).status_code == 404, (person.username, url)
        for url, theirs in lists.items():
            answer = client.get(url)
            assert answer.status_code == 200, (person.username, url)
            assert not {row["id"] for row in answer.json()["results"]} & theirs, (person.username, url)
        for url, body in writes:
            answer = client.post(url, body, format="json")
            assert answer.status_code in (403, 404), (person.username, url, answer.status_code, answer.content)
            assert answer["Content-Type"] == "application/problem+json"
        etag = '"0"'
        assert client.patch(
            f"/api/v1/annual-reports/{report.pk}/", {"difficulties": "x"}, format="json", HTTP_IF_MATCH=etag
        ).status_code in (403, 404)  # 403: a read-only auditor
        assert client.patch(
            f"/api/v1/st-tasks/{result.task_id}/",
            {"title": "x", "state_budget": 1},
            format="json",
            HTTP_IF_MATCH=task_etag,
        ).status_code in (403, 404)
        verified = client.get("/api/v1/audit/verify/")
        assert verified.status_code in (200, 403), (person.username, verified.content)
        if verified.status_code == 200:  # an auditor of their own agency: A's chains are not theirs to verify
            assert not {row["case"] for row in verified.json()["chains"]} & a_chains, person.username
        for target in ({"result": result.pk}, {"work": task.pk}, {"work": held.pk}):
            upload = client.post(
                "/api/v1/documents/",
                {**target, "kind": "final_report", "file": SimpleUploadedFile("x.pdf", PDF, "application/pdf")},
                format="multipart",
            )
            assert upload.status_code in (403, 404), (person.username, upload.content)
    for person in world["far"]:
        answer = api_as(person).get(f"/api/v1/indicators/?province={a.province.code}")
        assert answer.status_code in (403, 404), person.username
    assert snapshot() == before
