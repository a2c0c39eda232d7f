"""Report, KPI and audit pages read from a real hot standby (streaming replication of the suite's cluster) while it
keeps up, and from the primary when it lags or is stopped: the auditor never reads a history older than the limit,
and a page is served while the standby is down."""

import os
import time

import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext, override_settings

from audit.models import AuditorScope
from audit.recorder import case_key_for
from operations import replica
from tasks_registry.lifecycle import STEPS
from tests.audit.builders import SCOPE_START
from tests.factories import Province
from tests.standby import StandbyUnavailable, start_standby
from tests.tasks_registry.driver import Actors, drive

# The standby is a mirror of the test database: nothing is created or flushed there.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", replica.REPLICA])


@pytest.fixture(scope="module")
def standby(django_db_setup):
    """Module-scoped so that the alias exists before the test case is set up with it in its databases."""
    primary = connections["default"].settings_dict
    if os.environ.get("KETQUA_TEST_DATABASE_URL", "").find(f":{primary['PORT']}/") < 0:
        pytest.skip("the suite runs against a server it did not start")
    try:
        server = start_standby(primary["HOST"], primary["PORT"])
    except StandbyUnavailable as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs pg_basebackup for the standby test: {missing}")
        pytest.skip(str(missing))
    alias = {**primary, "PORT": server.port, "TEST": {**primary.get("TEST", {}), "MIRROR": "default"}}
    settings.DATABASES[replica.REPLICA] = connections.settings[replica.REPLICA] = alias
    replica.health.forget()
    try:
        # A verdict holds for a minute: the test says when the router must look again (health.forget()).
        with override_settings(REPLICA_CHECK_SECONDS=60, REPLICA_MAX_LAG_SECONDS=1):
            yield server
    finally:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        connections.settings.pop(replica.REPLICA, None)
        settings.DATABASES.pop(replica.REPLICA, None)
        replica.health.forget()
        server.remove()


def _superuser_on(server):
    return psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True)


def _wait_until_replayed(server):
    """Until the standby has replayed what the primary had written when asked (the suite's other worker may go on
    writing meanwhile, so "no lag at all" may never be seen)."""
    last = None
    for _ in range(300):
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_lsn()::text")
                written = cursor.fetchone()[0]
            with connections[replica.REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
                if cursor.fetchone()[0]:
                    return
            last = f"replayed up to less than {written}"
        except DatabaseError as error:  # the standby is still starting
            last = error
            connections[replica.REPLICA].close()
        time.sleep(0.1)
    log = (server.base / "server.log").read_text()[-2000:]
    pytest.fail(f"the standby did not catch up ({last}); its log:\n{log}")


def _served(client, url):
    """The page, and the SQL each server answered while it was served."""
    replica.health.forget()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica.REPLICA]) as standby,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [q["sql"] for q in primary], [q["sql"] for q in standby]


def _read(queries, table):
    return any(sql.lstrip().startswith("SELECT") and f'"{table}"' in sql for sql in queries)


def test_reports_and_the_audit_trail_are_read_from_the_standby_until_it_lags_or_stops(client, standby, monkeypatch):
    province = Province("R")
    result = drive(Actors(province), province.result(), "accept")
    AuditorScope.objects.create(
        user=province.auditor, province_wide=True, province=province.province, valid_from=SCOPE_START
    )
    timeline = f"/audit/cases/{case_key_for(result)}/"
    submitted = str(STEPS["submit_registration"].label)
    _wait_until_replayed(standby)

    # 1. The standby keeps up: the head's KPI page and the auditor's timeline read their figures and events there.
    client.force_login(province.dept_head)
    _wait_until_replayed(standby)  # the login itself was written on the primary
    page, on_primary, on_standby = _served(client, "/reports/kpi/")
    assert _read(on_standby, "tasks_registry_result") and not _read(on_primary, "tasks_registry_result")
    client.force_login(province.auditor)
    _wait_until_replayed(standby)
    page, on_primary, on_standby = _served(client, timeline)
    assert result.title in page and submitted not in page
    assert _read(on_standby, "audit_event") and not _read(on_primary, "audit_event")

    # 1b. The primary was idle longer than the limit, then wrote: the standby replays it within milliseconds and is
    #     still used, although its last replayed commit is older than the limit (replay is held only to make the
    #     standby's moment of catching up the one the router looks at).
    primary = connections["default"].settings_dict
    with (
        _superuser_on(standby) as on_standby_admin,
        psycopg.connect(
            host=primary["HOST"], port=primary["PORT"], user="postgres", dbname="postgres", autocommit=True
        ) as on_primary_admin,
    ):
        on_primary_admin.execute("CREATE TABLE idle_spell (n integer)")  # in the cluster's own database
        _wait_until_replayed(standby)
        on_standby_admin.execute("SELECT pg_wal_replay_pause()")
        time.sleep(1.5)
        on_primary_admin.execute("SET synchronous_commit = on")  # the suite's cluster runs with it off
        # One commit of about a megabyte of WAL, flushed: what the standby replays when it resumes.
        on_primary_admin.execute("INSERT INTO idle_spell SELECT generate_series(1, 10000)")
        on_standby_admin.execute("SELECT pg_wal_replay_resume()")
        replica.health.forget()
        with monkeypatch.context() as patched:
            # The suite's other worker went on writing while replay was held: the standby has more than this
            # commit to replay, so it is given longer than the quarter second of production to catch up.
            patched.setattr(replica, "CATCH_UP_WAIT_SECONDS", 5.0)
            assert replica.replica_usable(), replica.health.reason

    # 2. Replay paused, a step written on the primary: the standby is behind, so the timeline reads the primary
    #    and shows the step.
    with _superuser_on(standby) as admin:
        admin.execute("SELECT pg_wal_replay_pause()")
    drive(Actors(province), result, "submit_registration")
    time.sleep(1.5)  # the last change the standby replayed is now older than the limit of 1 s
    page, on_primary, on_standby = _served(client, timeline)
    assert submitted in page
    assert _read(on_primary, "audit_event") and not _read(on_standby, "audit_event")
    assert "behind the primary" in replica.health.reason

    # 3. Replay resumed: back on the standby, which now has the step too.
    with _superuser_on(standby) as admin:
        admin.execute("SELECT pg_wal_replay_resume()")
    _wait_until_replayed(standby)
    page, on_primary, on_standby = _served(client, timeline)
    assert submitted in page and _read(on_standby, "audit_event") and not _read(on_primary, "audit_event")

    # 4. The standby stops while the router still trusts it (its verdict is kept for a minute): the page's first
    #    read there fails, and the page is served from the primary all the same.
    page, _, _ = _served(client, timeline)
    standby.stop()
    client.force_login(province.dept_head)
    with CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get("/reports/kpi/")
    assert response.status_code == 200 and province.province.name in response.content.decode()
    assert _read([q["sql"] for q in on_primary], "tasks_registry_result")
    assert not replica.health.usable and "failed while a page was served" in replica.health.reason

    # 5. Checked afresh, the stopped standby is found down: every report page reads the primary.
    replica.health.forget()
    response = client.get("/reports/kpi/")
    assert response.status_code == 200 and "does not answer" in replica.health.reason
