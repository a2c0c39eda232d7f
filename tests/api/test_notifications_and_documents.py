"""The person's own notifications through the API, and documents attached to a result through one of its work
items (the document joins the work item's result; scoped as the work lists)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Kind, Notification
from notifications.services import notify
from reports.annual_report_flow import open_task_of
from tasks_registry.models import Document
from tests.reports.builders import ReportingProvince

from .helpers import api_as, rows

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def province():
    p = ReportingProvince("N")
    p.consolidate_here()
    return p


def test_a_person_reads_and_marks_their_own_notifications_and_never_anothers(province):
    p = province
    notify(
        Kind.CHAIN_BROKEN,
        [p.auditor],
        key="verification:api-1",
        case_title="Nhật ký",
        subject_msgid="Nhật ký kiểm tra bị phá vỡ",
        detail="tasks_registry.result:1 #2",
    )
    notify(Kind.CHAIN_BROKEN, [p.dept_head], key="verification:api-2", case_title="Nhật ký của người khác")
    mine = Notification.objects.get(recipient=p.auditor)
    theirs = Notification.objects.get(recipient=p.dept_head)
    client = api_as(p.auditor)
    listed = rows(client.get("/api/v1/notifications/"))
    assert [row["id"] for row in listed] == [mine.pk]
    assert listed[0]["read_at"] is None and "phá vỡ" in listed[0]["text"] and listed[0]["detail_label"] == "Chi tiết"
    english = rows(client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en"))
    assert english[0]["text"] != listed[0]["text"]
    read = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert read.status_code == 200 and read.json()["read_at"]
    other = client.post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert other.status_code == 404 and other["Content-Type"] == "application/problem+json"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_document_is_attached_to_a_result_through_its_work_item(province):
    p = province
    result = p.result()
    head = api_as(p.dept_head)
    task_id = next(row["id"] for row in rows(head.get("/api/v1/work/queue/")) if row["result"] == result.pk)
    upload = head.post(
        "/api/v1/documents/",
        {
            "work": task_id,
            "kind": "acceptance_minutes",
            "file": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        },
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    document = Document.objects.get(pk=upload.json()["id"])
    assert document.result == result and document.uploaded_for == p.department
    listed = head.get(f"/api/v1/documents/?work={task_id}")
    assert [row["id"] for row in listed.json()] == [document.pk]
    # Another agency's people, and an annual report's work item, have no such document list.
    assert api_as(ReportingProvince("M").dept_head).get(f"/api/v1/documents/?work={task_id}").status_code == 404
    report, _ = p.open()
    report_task = open_task_of(report)
    refused = api_as(p.host_reporter).post(
        "/api/v1/documents/",
        {"work": report_task.pk, "kind": "final_report", "file": SimpleUploadedFile("x.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert refused.status_code == 404
    assert head.get("/api/v1/documents/").status_code == 400
    assert Document.objects.count() == 1
