"""The demo of `make run`: every demo login that works queues has work waiting, and some have work in hand."""

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task

from tasks_registry.models import Membership
from tasks_registry.roles import Role
from workflows.models import WorkItem

pytestmark = pytest.mark.django_db


def test_demo_logins_have_full_queues_and_inboxes(client):
    call_command("seed_demo", "--results", "150", stdout=None)
    call_command("sync_workflows", "--demo-claims", stdout=None)

    agencies_with_work = set(WorkItem.objects.filter(task__finished__isnull=True).values_list("agency_id", flat=True))
    workers = Membership.objects.active().filter(role__in=(Role.OFFICER, Role.HEAD), agency_id__in=agencies_with_work)
    assert workers.count() >= 10
    with_inbox = 0
    for membership in workers.select_related("user"):
        user = membership.user
        queue = Task.objects.user_queue(user).filter(status="NEW").count()
        inbox = Task.objects.filter(owner=user, status="ASSIGNED").count()
        assert queue + inbox > 0, user.username
        with_inbox += inbox > 0
    assert with_inbox >= 5

    client.login(username="skhcn.lanhdao", password="demo1234")
    page = client.get("/workflow/result/queue/").content.decode()
    assert "Đánh giá, công nhận kết quả" in page or "Quyết định" in page
