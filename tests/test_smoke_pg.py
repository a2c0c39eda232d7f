import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from pg_trigger where tgname = 'audit_event_append_only'")
        assert cursor.fetchone()[0] == 1
