"""Registering a result and entering or correcting an S&T task through the API: the same services as everywhere
else (one audit event each), scoped to the agencies the person works for, with Idempotency-Key and ETag honoured;
and the results list's filters."""

import pytest

from audit.models import Event
from audit.recorder import case_key_for
from tasks_registry import services
from tasks_registry.lifecycle import Status as S
from tasks_registry.models import Result, STTask
from tests.factories import NEW_REGIME_DAY, OLD_REGIME_DAY, Province
from tests.reports.builders import ReportingProvince

from .helpers import api_as, queue_ids, rows

pytestmark = pytest.mark.django_db


def events_of(obj):
    return list(Event.objects.filter(case_key=case_key_for(obj)).order_by("seq").values_list("action", flat=True))


@pytest.fixture
def province():
    p = ReportingProvince("W")
    p.consolidate_here()
    return p


RESULT = {"title": "Giống lúa chịu mặn OM-API", "result_type": "process", "summary": "Năng suất 7 tấn/ha"}


def test_the_host_registers_a_result_and_the_managing_agency_finds_it_in_its_queue(province):
    p = province
    task = p.task()
    answer = api_as(p.host_officer).post("/api/v1/results/", {"task": task.pk, **RESULT}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (
        body["status"] == S.ACCEPTANCE_SUBMITTED and body["title"] == RESULT["title"] and body["task_code"] == task.code
    )
    result = Result.objects.get(pk=body["id"])
    assert events_of(result) == ["result.recorded"]
    assert Event.objects.get(case_key=case_key_for(result)).agency == p.host
    # The flow started: the managing agency's head has the acceptance in the queue.
    head = api_as(p.dept_head)
    assert any(row["result"] == result.pk for row in rows(head.get("/api/v1/work/queue/")))
    assert queue_ids(head)


def test_a_replayed_registration_with_the_same_idempotency_key_files_one_result(province):
    p = province
    task = p.task()
    client = api_as(p.host_officer)
    first = client.post("/api/v1/results/", {"task": task.pk, **RESULT}, format="json", HTTP_IDEMPOTENCY_KEY="kq-1")
    again = client.post("/api/v1/results/", {"task": task.pk, **RESULT}, format="json", HTTP_IDEMPOTENCY_KEY="kq-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Result.objects.filter(task=task).count() == 1
    assert (
        Event.objects.filter(action="result.recorded", case_key=case_key_for(Result.objects.get(task=task))).count()
        == 1
    )


def test_a_result_is_registered_only_for_an_agency_the_person_may_register_for(province):
    p = province
    task = p.task()
    far = Province("FAR")
    before = Result.objects.count()
    # Another province's host officer does not even see the task; the receiving unit and a reporter may not file.
    assert (
        api_as(far.host_officer).post("/api/v1/results/", {"task": task.pk, **RESULT}, format="json").status_code == 404
    )
    assert (
        api_as(p.receiver_officer).post("/api/v1/results/", {"task": task.pk, **RESULT}, format="json").status_code
        == 404
    )
    refused = api_as(p.host_reporter).post("/api/v1/results/", {"task": task.pk, **RESULT}, format="json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    # Naming an agency the person does not work for is refused, even with a good task.
    named = api_as(p.host_officer).post(
        "/api/v1/results/", {"task": task.pk, "agency": p.department.pk, **RESULT}, format="json"
    )
    assert named.status_code == 403
    bad = api_as(p.host_officer).post(
        "/api/v1/results/",
        {"task": task.pk, "title": " ", "result_type": "poem"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and {"title", "result_type"} <= set(bad.json()["errors"])
    assert Result.objects.count() == before


def test_the_results_list_filters_by_status_agency_province_regime_and_words(province):
    p = province
    old = p.result(OLD_REGIME_DAY)
    new = services.record_result(
        p.task(NEW_REGIME_DAY),
        actor=p.host_officer,
        agency=p.host,
        title="Chế phẩm sinh học vi sinh",
        result_type="process",
    )
    services.accept(old, actor=p.dept_head, agency=p.department, acceptance_date=old.task.approval_date, grade="passed")
    client = api_as(p.dept_officer)

    def ids(query):
        return {row["id"] for row in rows(client.get(f"/api/v1/results/?{query}"))}

    assert ids("") == {old.pk, new.pk}
    assert ids(f"status={S.ACCEPTED}") == {old.pk}
    assert ids(f"status={S.ACCEPTANCE_SUBMITTED}") == {new.pk}
    assert ids(f"agency={p.host.code}") == {old.pk, new.pk} and ids("agency=KHONG-CO") == set()
    assert ids(f"province={p.province.code}") == {old.pk, new.pk} and ids("province=KHONG-CO") == set()
    assert ids("regime=old") == {old.pk} and ids("regime=new") == {new.pk}
    assert ids("q=vi sinh") == {new.pk} and ids("q=CHỊU MẶN") == {old.pk}


TASK = {
    "code": "ĐT-API-01",
    "title": "Nghiên cứu giống lúa chịu hạn",
    "level": "provincial",
    "principal_investigator": "TS. Trần Thị B",
    "approval_date": "2024-03-01",
    "contract_start": "2024-04-01",
    "contract_end": "2025-12-31",
    "state_budget": 800_000_000,
    "co_funding": 200_000_000,
}


def test_the_managing_agency_enters_a_task_and_corrects_it_with_the_etag_it_read(province):
    p = province
    officer = api_as(p.dept_officer)
    created = officer.post("/api/v1/st-tasks/", {**TASK, "host": p.host.pk}, format="json")
    assert created.status_code == 201, created.content
    task = STTask.objects.get(code="ĐT-API-01")
    assert task.managing_agency == p.department and task.host == p.host and task.state_budget == 800_000_000
    assert events_of(task) == ["task.created"]
    # The host sees its task (and may file its result); another province does not.
    assert task.pk in {row["id"] for row in rows(api_as(p.host_officer).get("/api/v1/st-tasks/"))}
    assert api_as(Province("X").dept_officer).get(f"/api/v1/st-tasks/{task.pk}/").status_code == 404

    read = officer.get(f"/api/v1/st-tasks/{task.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert read.status_code == 200 and read.json()["level_label"] == "Provincial level"
    assert read["ETag"] == created["ETag"]  # the same task, whatever the language it is read in
    edited = officer.patch(
        f"/api/v1/st-tasks/{task.pk}/",
        {"title": "Nghiên cứu giống lúa chịu hạn, chịu mặn"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"].endswith("chịu mặn") and edited["ETag"] != read["ETag"]
    assert events_of(task) == ["task.created", "task.updated"]
    update = Event.objects.get(case_key=case_key_for(task), action="task.updated")
    assert update.changes == {"title": ["Nghiên cứu giống lúa chịu hạn", "Nghiên cứu giống lúa chịu hạn, chịu mặn"]}


def test_a_task_patch_with_a_stale_etag_gets_412_and_without_one_428_and_changes_nothing(province):
    p = province
    task = p.task()
    first, second = api_as(p.dept_officer), api_as(p.dept_head)
    etag = first.get(f"/api/v1/st-tasks/{task.pk}/")["ETag"]
    assert second.get(f"/api/v1/st-tasks/{task.pk}/")["ETag"] == etag
    assert (
        first.patch(
            f"/api/v1/st-tasks/{task.pk}/", {"principal_investigator": "PGS. Lê C"}, format="json", HTTP_IF_MATCH=etag
        ).status_code
        == 200
    )
    stale = second.patch(
        f"/api/v1/st-tasks/{task.pk}/", {"principal_investigator": "TS. Phạm D"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    assert "đọc lại" in stale.json()["detail"]
    missing = second.patch(f"/api/v1/st-tasks/{task.pk}/", {"principal_investigator": "TS. Phạm D"}, format="json")
    assert missing.status_code == 428
    task.refresh_from_db()
    assert task.principal_investigator == "PGS. Lê C" and events_of(task) == ["task.updated"]


def test_only_the_managing_agencys_officers_and_heads_enter_and_correct_tasks_and_bad_input_changes_nothing(province):
    p = province
    task = p.task()
    host = api_as(p.host_officer)
    before = STTask.objects.count()
    refused = host.post("/api/v1/st-tasks/", {**TASK, "host": p.host.pk}, format="json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    etag = host.get(f"/api/v1/st-tasks/{task.pk}/")["ETag"]
    assert (
        host.patch(f"/api/v1/st-tasks/{task.pk}/", {"title": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 403
    )
    officer = api_as(p.dept_officer)
    duplicate = officer.post("/api/v1/st-tasks/", {**TASK, "code": task.code, "host": p.host.pk}, format="json")
    assert duplicate.status_code == 400 and "code" in duplicate.json()["errors"]
    backwards = officer.post(
        "/api/v1/st-tasks/",
        {**TASK, "contract_end": "2020-01-01", "host": p.host.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert backwards.status_code == 400 and "cannot end before" in backwards.json()["errors"]["contract_end"][0]
    negative = officer.patch(f"/api/v1/st-tasks/{task.pk}/", {"state_budget": -1}, format="json", HTTP_IF_MATCH=etag)
    assert negative.status_code == 400 and "state_budget" in negative.json()["errors"]
    unknown_host = officer.post("/api/v1/st-tasks/", {**TASK, "host": 2**40}, format="json")
    assert unknown_host.status_code == 400 and "host" in unknown_host.json()["errors"]
    assert STTask.objects.count() == before and events_of(task) == []
    task.refresh_from_db()
    assert task.title != "x" and task.state_budget == 500_000_000
