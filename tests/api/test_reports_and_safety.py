"""Annual reports through the API (draft, return, submit, accept), the Idempotency-Key and ETag contracts, and the
shape of refusals (problem+json, translated, nothing changed)."""

import datetime

import pytest

from audit.models import Event
from audit.recorder import case_key_for
from reports.models import ReportStatus
from tasks_registry.lifecycle import Status as S
from tasks_registry.models import Result
from tests.reports.builders import ReportingProvince

from .helpers import api_as

pytestmark = pytest.mark.django_db


def events_of(obj):
    return list(Event.objects.filter(case_key=case_key_for(obj)).order_by("seq").values_list("action", flat=True))


@pytest.fixture
def province():
    return ReportingProvince("R")


def test_an_annual_report_is_drafted_returned_submitted_and_accepted_through_the_api(province):
    p = province
    report, _dept_report = p.open()
    reporter, head, reviewer = api_as(p.host_reporter), api_as(p.host_head), api_as(p.dept_officer)
    assert report.pk in {row["id"] for row in reporter.get("/api/v1/annual-reports/").json()["results"]}

    read = reporter.get(f"/api/v1/annual-reports/{report.pk}/")
    assert read.status_code == 200 and read["ETag"]
    saved = reporter.patch(
        f"/api/v1/annual-reports/{report.pk}/",
        {"difficulties": "Thiếu kinh phí", "manual_startups_supported": 4},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["difficulties"] == "Thiếu kinh phí" and saved["ETag"] != read["ETag"]

    # The reporter hands the draft on; the head returns it; the reporter hands it on again; the head submits.
    assert reporter.post(f"/api/v1/annual-reports/{report.pk}/submit/", {}, format="json").status_code == 200
    returned = head.post(
        f"/api/v1/annual-reports/{report.pk}/return/", {"comment": "Ghi rõ số hội nghị"}, format="json"
    )
    assert returned.status_code == 200, returned.content
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.returned_by_head
    assert reporter.post(f"/api/v1/annual-reports/{report.pk}/submit/", {}, format="json").status_code == 200
    # The reviewer cannot accept before the head has submitted it.
    early = reviewer.post(f"/api/v1/annual-reports/{report.pk}/accept/", {}, format="json")
    assert early.status_code == 403 and early["Content-Type"] == "application/problem+json"
    assert head.post(f"/api/v1/annual-reports/{report.pk}/submit/", {"comment": ""}, format="json").status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # The host's head cannot accept its own report: the reviewing Sở KH&CN does.
    assert head.post(f"/api/v1/annual-reports/{report.pk}/accept/", {}, format="json").status_code in (403, 404)
    accepted = reviewer.post(f"/api/v1/annual-reports/{report.pk}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # The JSON number went through the draft form as "4" and survived every hand-over of the draft.
    assert report.manual_figures == {"startups_supported": 4} and report.difficulties == "Thiếu kinh phí"
    assert events_of(report)[-1] == "report.accept"


def test_a_patch_with_a_stale_etag_gets_412_and_changes_nothing(province):
    p = province
    report, _ = p.open()
    first, second = api_as(p.host_reporter), api_as(p.host_reporter)
    etag = first.get(f"/api/v1/annual-reports/{report.pk}/")["ETag"]
    assert second.get(f"/api/v1/annual-reports/{report.pk}/")["ETag"] == etag
    assert second.get(f"/api/v1/annual-reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en")["ETag"] == etag
    assert (
        first.patch(
            f"/api/v1/annual-reports/{report.pk}/", {"proposals": "Tăng kinh phí"}, format="json", HTTP_IF_MATCH=etag
        ).status_code
        == 200
    )
    before = events_of(report)
    stale = second.patch(
        f"/api/v1/annual-reports/{report.pk}/", {"proposals": "Giữ nguyên"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    assert "đọc lại" in stale.json()["detail"]
    report.refresh_from_db()
    assert report.proposals == "Tăng kinh phí" and events_of(report) == before
    missing = second.patch(f"/api/v1/annual-reports/{report.pk}/", {"proposals": "Giữ nguyên"}, format="json")
    assert missing.status_code == 428
    report.refresh_from_db()
    assert report.proposals == "Tăng kinh phí"


def test_a_replayed_post_with_the_same_idempotency_key_takes_the_step_once(province):
    p = province
    result = p.result()
    head = api_as(p.dept_head)
    task_id = next(row["id"] for row in head.get("/api/v1/work/queue/").json()["results"] if row["result"] == result.pk)
    claimed = head.post(f"/api/v1/work/{task_id}/claim/", HTTP_IDEMPOTENCY_KEY="claim-1")
    again = head.post(f"/api/v1/work/{task_id}/claim/", HTTP_IDEMPOTENCY_KEY="claim-1")
    assert claimed.status_code == again.status_code == 200 and again.json() == claimed.json()
    body = {"step": "accept", "acceptance_date": "2024-05-02", "grade": "passed", "decision_no": "12/QĐ"}
    first = head.post(f"/api/v1/work/{task_id}/complete/", body, format="json", HTTP_IDEMPOTENCY_KEY="accept-7")
    replay = head.post(f"/api/v1/work/{task_id}/complete/", body, format="json", HTTP_IDEMPOTENCY_KEY="accept-7")
    assert first.status_code == replay.status_code == 200
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    assert Result.objects.get(pk=result.pk).status == S.ACCEPTED
    assert events_of(result).count("result.accept") == 1 and events_of(result).count("task.claimed") == 1
    # The same key with another body is the client's mistake, and does nothing.
    other = head.post(
        f"/api/v1/work/{task_id}/complete/", {**body, "grade": "good"}, format="json", HTTP_IDEMPOTENCY_KEY="accept-7"
    )
    assert other.status_code == 422 and events_of(result).count("result.accept") == 1
    # Without a key the step, already taken, is refused: the task is done.
    assert head.post(f"/api/v1/work/{task_id}/complete/", body, format="json").status_code in (403, 404)


def test_a_refused_step_answers_with_translated_field_errors_and_leaves_the_task_held(province, client):
    p = province
    result = p.result()
    head = api_as(p.dept_head)
    task_id = next(row["id"] for row in head.get("/api/v1/work/queue/").json()["results"] if row["result"] == result.pk)
    head.post(f"/api/v1/work/{task_id}/claim/")
    before = events_of(result)
    answer = head.post(f"/api/v1/work/{task_id}/complete/", {"step": "reject"}, format="json")
    assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
    assert "comment" in answer.json()["errors"] and "lý do" in answer.json()["errors"]["comment"][0]
    english = head.post(
        f"/api/v1/work/{task_id}/complete/", {"step": "reject"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 400 and "reason" in english.json()["errors"]["comment"][0]
    unknown = head.post(f"/api/v1/work/{task_id}/complete/", {"step": "fly"}, format="json")
    assert unknown.status_code == 400 and "step" in unknown.json()["errors"]
    assert events_of(result) == before
    assert Result.objects.get(pk=result.pk).status == S.ACCEPTANCE_SUBMITTED
    assert task_id in {row["id"] for row in head.get("/api/v1/work/inbox/").json()["results"]}


def test_a_wrong_password_or_an_expired_token_gets_401(province, settings):
    from rest_framework.test import APIClient

    client = APIClient()
    wrong = client.post(
        "/api/v1/auth/token/", {"username": province.dept_head.username, "password": "nope"}, format="json"
    )
    assert wrong.status_code == 401 and "mật khẩu" in wrong.json()["detail"]
    good = api_as(province.dept_head)
    assert good.get("/api/v1/me/").status_code == 200
    settings.API_TOKEN_HOURS = 0
    assert good.get("/api/v1/me/").status_code == 401


def test_an_auditor_changes_nothing_through_the_api_even_with_a_token(province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tasks_registry.models import Document

    p = province
    result = p.result()
    auditor = api_as(p.auditor)
    before = events_of(result)
    upload = auditor.post(
        "/api/v1/documents/",
        {
            "result": result.pk,
            "kind": "final_report",
            "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        },
        format="multipart",
    )
    assert upload.status_code == 403
    assert not Document.objects.filter(result=result).exists() and events_of(result) == before


def test_the_audit_log_is_for_auditors_in_their_scope_only(province):
    from audit.models import AuditorScope

    p = province
    result = p.result()
    other = ReportingProvince("Q")
    AuditorScope.objects.create(
        user=p.auditor, province=p.province, province_wide=True, valid_from=datetime.date(2010, 1, 1)
    )
    auditor = api_as(p.auditor)
    answer = auditor.get(f"/api/v1/audit/events/?case=tasks_registry.result:{result.pk}")
    assert answer.status_code == 200, answer.content
    assert [row["action"] for row in answer.json()["results"]] == list(reversed(events_of(result)))
    bad = auditor.get("/api/v1/audit/events/?since=31/02/2024")
    assert bad.status_code == 400 and "since" in bad.json()["errors"]
    foreign = other.result()
    assert auditor.get(f"/api/v1/audit/events/?case=tasks_registry.result:{foreign.pk}").json()["results"] == []
    assert api_as(p.dept_officer).get("/api/v1/audit/events/").status_code == 403
