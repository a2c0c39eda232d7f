"""On `make run`'s demo every login that holds a role today has something to act on from its home page, the
deadlines fall around today, and the dossiers waiting for appraisal carry their forms."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from demo import DEMO_PASSWORD
from demo import reports as reports_demo
from demo.people import PEOPLE
from tasks_registry.models import DocumentKind, Membership, Result
from tasks_registry.roles import Role
from workflows.models import WorkItem

# Administrators work in the Django admin, not from a home page of cases.
NOT_CASE_WORK = {Role.ADMINISTRATOR}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """`make demo` once for the tests of the class (seed, open the work, bring it to today), rolled back after."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                call_command("seed_demo", "--results", "150", stdout=io.StringIO())
                call_command("sync_workflows", "--demo-claims", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestDemoLooksLikeToday:
    def test_every_demo_login_with_a_role_today_has_an_actionable_item_on_its_home(self, client):
        active = {}
        for membership in Membership.objects.active().select_related("user"):
            active.setdefault(membership.user.username, set()).add(membership.role)
        idle = []
        # Every login `make run` prints: the registry's people and the reporting round's heads and reporters.
        logins = dict.fromkeys([p.username for p in PEOPLE] + [login for login, *_r in reports_demo.extra_logins()])
        assert len(logins) > len(PEOPLE) - 5
        for username in logins:
            if not active.get(username, set()) - NOT_CASE_WORK:
                continue  # every role of this login has ended (agencies merged in 2025), or an administrator
            assert client.login(username=username, password=DEMO_PASSWORD), username
            page = client.get("/").content.decode()
            if 'class="button action__button"' not in page and 'class="action__button"' not in page:
                idle.append(username)
        assert idle == []

    def test_the_demo_deadlines_fall_around_today_with_a_few_overdue(self):
        today = timezone.localdate()
        open_work = WorkItem.objects.filter(task__finished__isnull=True, due_on__isnull=False)
        overdue = open_work.filter(due_on__lt=today)
        assert open_work.count() > 50
        assert 0 < overdue.count() < open_work.count() / 4
        assert not overdue.filter(due_on__lt=today - datetime.timedelta(days=60)).exists()

    def test_demo_dossiers_waiting_for_appraisal_carry_their_three_forms(self):
        waiting = Result.objects.filter(status="ownership_requested")
        assert waiting.exists()
        for result in waiting:
            kinds = set(result.documents.values_list("kind", flat=True))
            assert {
                DocumentKind.OWNERSHIP_APPLICATION,
                DocumentKind.APPLICABILITY_REPORT,
                DocumentKind.DRAFT_AGREEMENT,
            } <= kinds, result.pk
