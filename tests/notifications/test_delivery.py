"""Delivery through the outbox: nothing for a rolled-back change, exactly once after the mail server comes back,
no duplicate with two workers, and the administrator's view of it."""

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import Event
from notifications.models import Delivery, DeliveryStatus, Notification
from notifications.services import resend
from tasks_registry import services
from tasks_registry.errors import StepNotAllowed
from tasks_registry.roles import Role
from tests.factories import Province, make_member

from .conftest import run_worker, run_workers
from .helpers import person, subject

# serialized_rollback: the seeded data (role defaults, reminder rules, deadline rules) is there in every test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Undo(Exception):
    pass


def test_a_rolled_back_transition_tells_nobody_and_queues_nothing(smtp):
    p = Province("A")
    person(p.host_officer, "Trần Văn", "Bình")
    result = p.accepted()
    services.take_step(result, "submit_registration", actor=p.host_officer, agency=p.host)
    before = (Notification.objects.count(), Delivery.objects.count(), DBTaskResult.objects.count())

    with pytest.raises(Undo), transaction.atomic():
        services.take_step(
            result, "return_registration", actor=p.dept_officer, agency=p.department, comment="Thiếu Mẫu 5"
        )
        assert Notification.objects.filter(kind="returned").exists()  # told inside the transaction …
        raise Undo  # … which then rolls back
    with pytest.raises(StepNotAllowed):
        services.take_step(result, "return_acceptance", actor=p.dept_officer, agency=p.department, comment="Sai bước")

    assert (Notification.objects.count(), Delivery.objects.count(), DBTaskResult.objects.count()) == before
    run_worker()
    assert not [m for m in smtp.mailbox.to(p.host_officer.email) if subject(m).startswith("Hồ sơ bị trả lại")]


def _many_officers(p, count):
    return [
        person(make_member(p.host, Role.OFFICER, f"a-host-officer-{n}"), "Nguyễn Văn", f"Số {n}") for n in range(count)
    ]


def test_with_the_mail_server_down_deliveries_wait_and_go_out_exactly_once_when_it_returns(smtp, settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    p = Province("A")
    officers = _many_officers(p, 5)
    smtp.stop()
    p.accepted()  # the decision and the new work in the host's queue: two e-mails per officer
    started = timezone.now()
    run_worker()
    waiting = Delivery.objects.filter(recipient__in=officers)
    assert waiting.count() == 10
    assert set(waiting.values_list("status", flat=True)) == {DeliveryStatus.RETRYING}
    assert all(d.attempts == 1 and "Connection" in d.last_error for d in waiting)
    # Backed off: the next attempt is a minute later, and the worker's queue holds it until then.
    assert all(59 <= (d.next_attempt_at - started).total_seconds() <= 120 for d in waiting)
    retries = DBTaskResult.objects.filter(status="READY", task_path="notifications.outbox.deliver")
    assert retries.count() == 10

    run_worker()  # the retries are not due yet: nothing is attempted again
    assert set(waiting.values_list("attempts", flat=True)) == {1}

    smtp.start()
    retries.update(run_after=timezone.now())  # a minute passes
    run_worker()
    assert set(waiting.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(waiting.values_list("attempts", flat=True)) == {2}
    for officer in officers:
        assert sorted(subject(m).split(":")[0] for m in smtp.mailbox.to(officer.email)) == [
            "Có quyết định về kết quả",
            "Có việc mới trong hàng chờ của cơ quan",
        ]

    run_worker()  # nothing left, nothing sent again
    assert len(smtp.mailbox.messages) == Delivery.objects.filter(status=DeliveryStatus.SENT).count()


def test_two_workers_running_together_send_each_message_once(smtp):
    p = Province("A")
    officers = _many_officers(p, 20)
    for _ in range(3):
        p.accepted()
    assert Delivery.objects.filter(recipient__in=officers).count() == 120
    # The same deliveries queued twice more (as after an administrator's resend): still one message each.
    resend(list(Delivery.objects.filter(recipient__in=officers[:5])))
    resend(list(Delivery.objects.filter(recipient__in=officers[:5])))

    run_workers(2)

    ids = [m["Message-ID"] for _, m in smtp.mailbox.messages]
    assert len(ids) == len(set(ids)) == Delivery.objects.count()
    workers = {w for ids_ in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ids_}
    assert workers == {"w0", "w1"}


def test_a_resent_delivery_goes_out_again_and_the_admin_lists_deliveries_by_status(smtp, admin_client):
    p = Province("A")
    officer = person(p.host_officer, "Lê", "Hoa")
    p.accepted()
    run_worker()
    delivery = Delivery.objects.get(recipient=officer, notifications__kind="new_work")
    assert delivery.status == DeliveryStatus.SENT

    page = admin_client.get("/admin/notifications/delivery/?status__exact=sent")
    assert page.status_code == 200 and officer.email in page.content.decode()
    assert officer.email not in admin_client.get("/admin/notifications/delivery/?status__exact=failed").content.decode()
    response = admin_client.post(
        "/admin/notifications/delivery/", {"action": "resend", "_selected_action": [delivery.pk]}
    )
    assert response.status_code == 302
    run_worker()
    assert len([m for m in smtp.mailbox.to(officer.email) if subject(m).startswith("Có việc mới")]) == 2
    # Who resent it, and when, is on record.
    resent = Event.objects.get(action="notification.resent", object_id=str(delivery.pk))
    assert resent.actor.is_superuser and resent.changes == {"status": ["sent", "pending"]}
