"""An auditor changes nothing: every URL of the site, POSTed to by an auditor, is refused and nothing changes."""

import pytest
from django.apps import apps
from viewflow.workflow.models import Task

from audit.models import Event
from audit.security import refusal_case
from tasks_registry.access import is_read_only_auditor
from tasks_registry.models import Document, Membership
from tasks_registry.roles import Role
from tests.factories import Province, make_member
from tests.workflows.test_url_walk import CONVERTER, _our_case, _patterns, _snapshot
from workflows.models import WorkItem

from .builders import grant

pytestmark = pytest.mark.django_db

# The only writes an auditor may make: a language cookie, their own session, and a VerificationRun.
# An auditor may change their own password (it writes only their account and its audit event).
# Their own notifications too: marking them read, and how they are told; and revoking their own API token.
ALLOWED = {
    "/i18n/setlang/",
    "/accounts/login/",
    "/audit/verification/",
    "/accounts/password/change/",
    "/notifications/read/",
    "/notifications/preferences/",
    "/accounts/api-tokens/revoke/",
}
# What an auditor's own actions legitimately add: their events, chains, verification runs, session.
OWN_RECORDS = {"audit", "sessions"}


def _all_urls(results, document):
    tasks = Task.objects.filter(process__artifact_object_id__in=[r.pk for r in results]).exclude(flow_task_type="START")
    by_node = {}
    for task in tasks:
        by_node.setdefault(task.flow_task.name, task)
    any_task = next(iter(by_node.values()))
    open_work = WorkItem.objects.filter(result__in=results, task__finished__isnull=True).first()
    urls = set()
    for route in _patterns():
        if route == "accounts/logout/":
            continue  # allowed, and it would end the walk
        task = next((t for name, t in by_node.items() if f"/{name}/" in route), any_task)
        if route.startswith("work/"):
            task = open_work.task  # planning is keyed by an open work item
        values = {
            "pk": results[0].pk,
            "document_pk": document.pk,
            "process_pk": task.process_id,
            "task_pk": task.pk,
            "object_id": results[0].pk,
        }
        url = "/" + CONVERTER.sub(lambda m, values=values: str(values.get(m.group(2), 1)), route)
        urls.add(url.replace("//", "/").replace("^", "").replace("$", ""))
    return sorted(urls)


def _state(results):
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in OWN_RECORDS
    }
    work = sorted(WorkItem.objects.values_list("pk", "due_on", "follow_up_on", "priority"))
    return _snapshot(results), Document.objects.count(), work, counts


def test_every_post_of_an_auditor_is_refused_and_changes_nothing(client):
    province = Province("A")
    results, document = _our_case(province)
    grant(province.auditor, province_wide=True)
    urls = _all_urls(results, document)
    assert len(urls) > 150 and any(url.startswith("/admin/") for url in urls)
    assert any(url.startswith("/work/") and url.endswith("/plan/") for url in urls)
    before = _state(results)

    client.force_login(province.auditor)
    refusals_before = Event.objects.filter(action="security.permission_denied").count()
    accepted, refused = [], 0
    for url in urls:
        response = client.post(url, {"comment": "thử", "owner": province.dept_officer.pk, "priority": 1})
        status = response.status_code
        if url in ALLOWED:
            assert status in (200, 302), (url, status)
        elif status == 403:
            refused += 1
        elif url.startswith("/admin/") and status == 302 and "/admin/login/" in response["Location"]:
            continue  # auditors are not staff: the admin sends them to its login
        elif status != 405:
            accepted.append((url, status))
    assert not accepted, accepted[:20]
    assert _state(results) == before
    # Every refusal is evidence: one event each, in the auditor's own chain.
    denied = Event.objects.filter(action="security.permission_denied", case_key=refusal_case(province.auditor))
    assert denied.count() - refusals_before == refused
    assert client.get("/audit/").status_code == 200  # still signed in


def test_only_a_person_who_is_nothing_but_an_auditor_is_read_only():
    province = Province("A")
    assert is_read_only_auditor(province.auditor)
    assert not is_read_only_auditor(province.dept_officer)
    both = make_member(province.host, Role.AUDITOR, "both")
    Membership.objects.create(user=both, agency=province.host, role=Role.OFFICER)
    assert not is_read_only_auditor(both)
