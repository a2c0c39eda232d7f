"""The recorder's bulk path (`audit.bulk`, the demo's seeding): chains written at once are the chains
`recorder.record` writes one event at a time: numbered from 1, linked, sealed, with their head, so that
verification accepts them and the recorder simply goes on appending to them."""

import pytest
from django.db import transaction
from django.utils import timezone

from audit import bulk, recorder
from audit.models import ChainHead
from audit.verification import verify

pytestmark = pytest.mark.django_db


def _row(case_key, action, changes):
    return bulk.EventRow(
        case_key=case_key,
        occurred_at=timezone.now(),
        actor_id=None,
        actor_name="",
        agency_id=None,
        agency_name="Sở Khoa học và Công nghệ tỉnh Đồng Tháp",
        action=action,
        object_type="",
        object_id="",
        changes=changes,
        comment="",
        request_id="bulk-test",
        ip_address=None,
    )


def test_chains_written_in_bulk_verify_and_the_recorder_goes_on_appending_to_them():
    with transaction.atomic():
        rows = bulk.append_new_chains(
            [
                [
                    _row("bulk:1", "result.recorded", {"status": [None, "acceptance_submitted"]}),
                    _row("bulk:1", "result.accept", {"status": ["acceptance_submitted", "accepted"]}),
                ],
                [_row("bulk:2", "result.recorded", {"title": [None, "Quy trình nhân giống sen"]})],
            ]
        )
    assert [(row.case_key, row.seq) for row in rows] == [("bulk:1", 1), ("bulk:1", 2), ("bulk:2", 1)]
    assert ChainHead.objects.get(case_key="bulk:1").length == 2
    assert ChainHead.objects.get(case_key="bulk:1").last_hash == rows[1].hash
    assert verify(case_keys=["bulk:1", "bulk:2"]).ok

    with transaction.atomic():
        third = recorder.record(case="bulk:1", action="result.submit_registration")
    assert (third.seq, third.prev_hash) == (3, rows[1].hash)
    assert verify(case_key="bulk:1").ok
