"""Each verification is kept (VerificationRun); the page shows the last one, and auditors can run one now."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import Event, VerificationRun
from audit.recorder import case_key_for
from audit.security import reading_case
from tests.audit.tamper import behind_the_logs_back as _behind_the_logs_back
from tests.factories import Province, make_user
from tests.tasks_registry.driver import TO_DECIDED, Actors, drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return Province()


def test_the_command_keeps_its_run_and_the_page_shows_an_intact_log(client, province):
    drive(Actors(province), province.result(), "accept")
    call_command("verify_audit")
    run = VerificationRun.objects.get()
    assert run.ok and run.started_by is None and run.broken == []
    assert run.chains_checked >= 1 and run.events_checked >= 2 and run.finished_at >= run.started_at
    client.force_login(province.auditor)
    page = client.get("/audit/verification/").content.decode()
    assert "Toàn vẹn" in page and f"<dd>{run.events_checked}</dd>" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # tampered by the owner on committed rows
def test_a_tampered_event_is_found_by_the_command_and_shown_on_the_page(client, province):
    result = drive(Actors(province), province.result(), *TO_DECIDED)
    case = case_key_for(result)
    event = Event.objects.get(case_key=case, seq=3)
    _behind_the_logs_back("UPDATE audit_event SET comment = %s WHERE id = %s", ["sửa lén", event.pk])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    run = VerificationRun.objects.get()
    assert not run.ok
    assert run.broken == [
        {"case_key": case, "seq": 3, "event_id": event.pk, "reason": "content does not match its hash (altered)"}
    ]
    client.force_login(province.auditor)
    page = client.get("/audit/verification/").content.decode()
    assert "Có liên kết bị phá vỡ" in page
    assert f"{case}</a> #3 (sự kiện {event.pk})" in page


def test_verify_now_is_the_one_write_an_auditor_may_make(client, province):
    drive(Actors(province), province.result(), "accept")
    client.force_login(province.auditor)
    response = client.post("/audit/verification/")
    assert response.status_code == 302
    run = VerificationRun.objects.get()
    assert run.ok and run.started_by == province.auditor
    recorded = Event.objects.get(case_key=reading_case(province.auditor), action="audit.verified")
    assert recorded.changes["ok"] == [None, True]
    client.force_login(province.dept_head)  # not an auditor
    assert client.post("/audit/verification/").status_code == 403
    client.force_login(make_user("root", is_superuser=True))
    assert client.post("/audit/verification/").status_code == 302
    assert VerificationRun.objects.count() == 2


def test_granting_a_scope_in_the_admin_is_itself_recorded(admin_client, province):
    from audit.models import AuditorScope

    response = admin_client.post(
        "/admin/audit/auditorscope/add/",
        {
            "user": province.auditor.pk,
            "province_wide": "",
            "agencies": [province.department.pk],
            "valid_from": "01/01/2025",
            "valid_to": "",
            "legal_basis": "Quyết định 5/QĐ-TTr",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scope = AuditorScope.objects.get()
    added = Event.objects.get(case_key=f"audit.auditorscope:{scope.pk}", action="admin.added")
    assert added.changes["agencies"] == [None, [province.department.pk]]
    assert admin_client.get("/admin/audit/verificationrun/").status_code == 200


def test_auditors_see_the_latest_signed_checkpoint_and_the_run_that_used_it(client, province):
    from io import StringIO
    from zoneinfo import ZoneInfo

    from audit import checkpoints

    drive(Actors(province), province.result(), "accept")
    client.force_login(province.auditor)
    assert "Chưa có điểm kiểm soát nào" in client.get("/audit/verification/").content.decode()
    call_command("audit_checkpoint", stdout=StringIO())
    call_command("verify_audit", stdout=StringIO())
    checkpoint = checkpoints.latest()
    assert VerificationRun.objects.get().checkpoint == checkpoint.name
    page = client.get("/audit/verification/").content.decode()
    assert page.count(checkpoint.name) == 2  # the checkpoint itself, and the run compared with it
    assert "Hợp lệ" in page and f"<dd>{len(checkpoint.chains)}</dd>" in page
    assert checkpoint.created_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M") in page
