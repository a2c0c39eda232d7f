"""GET /api/v1/audit/verify/: the chain verification of `manage.py verify_audit`, over the chains the auditor's
scope grants, each with its status and its first broken link; others get 403. The tampering is done by the owner
role on committed rows (tests/audit/tamper.py), so these tests are transactional."""

import datetime

import pytest

from audit.models import AuditorScope, Event
from audit.recorder import case_key_for
from audit.security import reading_case
from tests.audit.tamper import behind_the_logs_back
from tests.factories import Province
from tests.tasks_registry.driver import Actors, drive

from .helpers import api_as

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def scene():
    here, there = Province("V"), Province("U")
    mine = drive(Actors(here), here.result(), "accept")
    foreign = drive(Actors(there), there.result(), "accept")
    AuditorScope.objects.create(
        user=here.auditor, province=here.province, province_wide=True, valid_from=datetime.date(2010, 1, 1)
    )
    return here, there, mine, foreign


def test_an_auditor_verifies_the_chains_of_their_scope_and_is_told_the_first_broken_link(scene):
    here, _there, mine, foreign = scene
    auditor = api_as(here.auditor)
    intact = auditor.get("/api/v1/audit/verify/")
    assert intact.status_code == 200, intact.content
    chains = {row["case"]: row for row in intact.json()["chains"]}
    assert intact.json()["ok"] and chains[case_key_for(mine)]["ok"]
    assert case_key_for(foreign) not in chains  # another province's case is not theirs to verify
    assert intact.json()["events_checked"] >= 2

    event = Event.objects.get(case_key=case_key_for(mine), seq=2)
    behind_the_logs_back("UPDATE audit_event SET comment = %s WHERE id = %s", ["đã sửa", event.pk])
    broken = auditor.get("/api/v1/audit/verify/").json()
    row = {row["case"]: row for row in broken["chains"]}[case_key_for(mine)]
    assert not broken["ok"] and not row["ok"]
    assert row["broken_at"] == 2 and row["event"] == event.pk and "altered" in row["reason"]
    # Each run is kept in the auditor's own history, as the verification page's runs are.
    runs = Event.objects.filter(case_key=reading_case(here.auditor), action="audit.verified")
    assert [run.changes["ok"][1] for run in runs.order_by("seq")] == [True, False]


def test_people_who_are_not_auditors_may_not_verify_the_log(scene):
    here, there, _mine, _foreign = scene
    for person in (here.dept_officer, here.dept_head, here.host_officer, there.dept_head):
        refused = api_as(person).get("/api/v1/audit/verify/")
        assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert not Event.objects.filter(action="audit.verified").exists()
