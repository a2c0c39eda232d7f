"""With 200,000 events, the auditors' three basic questions are answered through an index, not a table scan."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import Event
from tests.factories import make_user

# Committed rows, so that the owner (the only role that may ANALYZE a table) sees them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EVENTS = 200_000
CASES = 2_000

# One statement, no Python loop: 2,000 result chains of 100 events, one minute apart, every 100th by our person.
# (psycopg reads %s as a parameter, so a literal percent sign is written %%.)
FILL = f"""
INSERT INTO audit_event (case_key, seq, occurred_at, actor_id, actor_name, agency_id, agency_name, action,
                         object_type, object_id, changes, comment, request_id, ip_address, prev_hash, hash,
                         hmac_key_id, hmac)
SELECT 'tasks_registry.result:' || (i %% {CASES}), i / {CASES} + 1, now() - make_interval(mins => i),
       CASE WHEN i %% 100 = 0 THEN %s END, '', NULL, '', 'test.bulk', 'tasks_registry.result',
       (i %% {CASES})::text, '{{}}'::jsonb, '', '', NULL, repeat('0', 64), repeat('0', 64), '', ''
FROM generate_series(1, {EVENTS}) AS i
"""


def _plan(queryset):
    return queryset.explain()


def test_a_case_a_person_and_a_day_are_read_through_indexes(analyzed):
    person = make_user("nguoi-kiem-tra")
    with connection.cursor() as cursor:
        cursor.execute(FILL, [person.pk])
    analyzed("audit_event")
    assert Event.objects.count() == EVENTS

    one_day_back = timezone.now() - datetime.timedelta(days=30)
    questions = {
        "case": Event.objects.filter(case_key="tasks_registry.result:17").order_by("seq"),
        "person": Event.objects.filter(actor=person).order_by("-occurred_at", "-id")[:51],
        "dates": Event.objects.filter(
            occurred_at__gte=one_day_back, occurred_at__lt=one_day_back + datetime.timedelta(days=1)
        ).order_by("-occurred_at", "-id")[:51],
    }
    for name, queryset in questions.items():
        plan = _plan(queryset)
        assert "Seq Scan on audit_event" not in plan, (name, plan)
        assert "Index" in plan, (name, plan)
    assert len(list(questions["case"])) == EVENTS // CASES
    assert len(list(questions["person"])) == 51
