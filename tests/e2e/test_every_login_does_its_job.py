"""Every demo login, on `make run`'s data (seed_demo, then sync_workflows --demo-claims), logs in through the form
and does its role's main job from its home page by clicking: an officer claims and completes a task; a head
reassigns overdue work and decides; a host organisation files an ownership dossier of three forms; a receiving unit
confirms a transfer; a reporter drafts the annual report; an auditor finds a case by its registration number and by
a person's name and exports its timeline; the ministry opens a province; an administrator opens the admin.

axe-core runs on every page the walk reaches and the test fails on any critical or serious violation; each page's
screenshot is in test-artifacts/e2e/logins/. What each job did is then checked in the audit log."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from audit.models import Event
from audit.workspace.access import RESULT_CASE_PREFIX, visible_events
from demo import reports as reports_demo
from demo.people import PEOPLE
from portal.templatetags.names_tags import person_name
from tasks_registry.access import is_ministry
from tasks_registry.models import AgencyKind, Membership, Result
from tasks_registry.roles import Role

from . import jobs
from .conftest import DEFAULT_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HOST_KINDS = {AgencyKind.HOST_ORGANISATION}


def _job_of(user, roles, kinds):
    if not roles:
        return None
    if Role.ADMINISTRATOR in roles:
        return "administrator"
    if Role.AUDITOR in roles:
        return "auditor"
    if is_ministry(user):
        return "ministry"
    if Role.HEAD in roles:
        return "head"
    if Role.REPORTER in roles and Role.OFFICER not in roles:
        return "reporter"
    return "host" if kinds & HOST_KINDS else "officer"


def _auditor_targets(user):
    """A registration number and a person's full name the auditor's scope holds, as the auditor would know them."""
    events = visible_events(user)
    case_keys = events.filter(case_key__startswith=RESULT_CASE_PREFIX).values_list("case_key", flat=True)[:500]
    result_ids = [int(key.removeprefix(RESULT_CASE_PREFIX)) for key in case_keys]
    result = (
        Result.objects.filter(pk__in=result_ids)
        .exclude(registration_no__isnull=True)
        .exclude(registration_no="")
        .order_by("pk")
        .first()
    )
    actor = events.exclude(actor=None).select_related("actor").order_by("seq").first().actor
    return result.registration_no, person_name(actor)


def _shows_the_job(job, outcome, actions):
    """Whether the audit log shows what the walk says the login did."""
    stepped = any(action.startswith("result.") for action in actions)
    if job in ("officer", "host"):
        papers = actions.count("document.attached")
        return stepped and (papers >= 3 if outcome == "dossier" else True)
    if job == "head":
        decided = stepped or any(action.startswith("report.") for action in actions)  # a report's approval
        return decided and ("task.reassigned" in actions if outcome.startswith("reassigned+") else True)
    if job == "reporter":
        return outcome == "read" or any(action.startswith("report.") for action in actions)
    if job == "auditor":
        return {"audit.searched", "audit.exported"} <= set(actions)
    return True  # the ministry and the administrator read: nothing to record


def test_every_demo_login_does_its_main_job_by_clicking_with_no_accessibility_violation(live_server, browser):
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("seed_demo", stdout=io.StringIO())  # `make run`'s size (400 results)
        call_command("sync_workflows", "--demo-claims", stdout=io.StringIO())
    started = timezone.now()
    memberships, reporting_for = {}, {}
    for membership in Membership.objects.active().select_related("user", "agency"):
        roles, kinds = memberships.setdefault(membership.user.username, (set(), set()))
        roles.add(membership.role)
        kinds.add(membership.agency.kind)
        if membership.role == Role.REPORTER:
            reporting_for.setdefault(membership.user.username, set()).add(membership.agency_id)
    drafted = set()  # agencies whose report a reporter has drafted during this walk
    users = {m.user.username: m.user for m in Membership.objects.select_related("user")}

    failures, done = [], {}
    # Every login `make run` prints: the registry's people and the reporting round's heads and reporters.
    logins = [person.username for person in PEOPLE] + [login for login, *_rest in reports_demo.extra_logins()]
    for number, username in enumerate(dict.fromkeys(logins), start=1):
        user = users[username]
        roles, kinds = memberships.get(username, (set(), set()))
        job = _job_of(user, roles, kinds)
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        walk = jobs.Walk(context.new_page(), live_server.url, username)
        try:
            jobs.log_in(walk, look_at_the_form=number == 1)
            if job is None:
                outcome = "no current role"
                if walk.page.locator("li.action").count():
                    walk.fail("a login whose roles have all ended is offered work")
            elif job == "auditor":
                number_, person = _auditor_targets(user)
                outcome = jobs.auditor_finds_and_exports(walk, number, registration_no=number_, person=person)
            elif job == "officer" and walk.page.locator("section#offers").count():
                outcome = jobs.receiving_unit_confirms_a_transfer(walk, number)
            else:
                outcome = jobs.JOBS[job](walk, number)
        except Exception as error:  # noqa: BLE001 — one login's broken walk is reported with the others'
            walk.fail(f"the walk stopped: {type(error).__name__}: {str(error).splitlines()[0]}")
            outcome = None
        finally:
            context.close()
        if job == "reporter" and outcome == "draft":
            drafted |= reporting_for[username]
        if job == "reporter" and outcome == "read" and not reporting_for[username] & drafted:
            walk.fail("a reporter whose agency's report nobody has drafted has no report to draft")
            outcome = None
        done[username] = (job, outcome, len(walk.seen))
        failures += [f"{username}: {problem}" for problem in walk.problems]
        failures += [f"{username}: server error {error}" for error in walk.server_errors]
        if job is not None and not outcome:
            failures.append(f"{username} ({job}): the main job was not done")
        elif job is not None:
            actions = list(Event.objects.filter(actor=user, occurred_at__gte=started).values_list("action", flat=True))
            if not _shows_the_job(job, outcome, actions):
                failures.append(f"{username} ({job}): the audit log does not show the job done: {sorted(set(actions))}")

    summary = "\n".join(f"{name}: {job} → {outcome} ({pages} pages)" for name, (job, outcome, pages) in done.items())
    assert not failures, "\n".join(failures) + "\n\n" + summary
    jobs_done = {job for job, outcome, _pages in done.values() if outcome}
    assert {"officer", "host", "head", "reporter", "auditor", "ministry", "administrator"} <= jobs_done, summary
    # Each main job of the issue was done at least once, by clicking: claim and complete, reassign and decide, a
    # dossier of three papers, a confirmed transfer, a drafted report, a case found and its timeline exported.
    outcomes = [outcome or "" for _job, outcome, _pages in done.values()]
    assert any(outcome.startswith("reassigned+") for outcome in outcomes), summary
    assert {"dossier", "confirm_transfer", "draft", "found+exported"} <= set(outcomes), summary
    officers = [users[name] for name, (job, outcome, _pages) in done.items() if job == "officer" and outcome]
    assert Event.objects.filter(actor__in=officers, action="task.claimed", occurred_at__gte=started).exists()
