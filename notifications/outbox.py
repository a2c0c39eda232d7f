"""Sending one delivery: at most once, retried with back-off while the mail server is down.

The worker locks the delivery's row for the whole send, so a second worker (or a resent task) given the same
delivery waits, then finds it sent and does nothing. A crash between the SMTP answer and the commit is the one case
that can send twice; the message's Message-ID is the same each time, so mail clients show it once.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import mailer
from .models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)
STUCK_AFTER = datetime.timedelta(minutes=15)


def backoff(attempts):
    """Seconds to wait after the `attempts`-th failure: base, 2×base, 4×base … up to the cap."""
    return min(
        settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS
    )


def send(delivery_id):
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("recipient").filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.CANCELLED):
            return "skipped"
        notifications = list(delivery.notifications.order_by("created_at", "pk"))
        if not delivery.address or not notifications:
            delivery.status, delivery.last_error = DeliveryStatus.CANCELLED, "nothing to send"
            delivery.save(update_fields=["status", "last_error"])
            return "cancelled"
        message = mailer.build(delivery, notifications)
        delivery.attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
            if delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
                logger.error("Delivery %s failed for good after %s attempts: %s", delivery.pk, delivery.attempts, error)
            else:
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=backoff(delivery.attempts))
                deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
            delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            return "retry" if delivery.status == DeliveryStatus.RETRYING else "failed"
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
        delivery.message_id, delivery.last_error = message.extra_headers["Message-ID"], ""
        delivery.save(update_fields=["status", "attempts", "sent_at", "message_id", "last_error"])
        return "sent"


@task()
def deliver(delivery_id):
    """The worker's task for one delivery (queued by `services.queue_delivery`, re-queued by `send` and
    `requeue_stuck`)."""
    return send(delivery_id)


def requeue_stuck(now=None):
    """Deliveries whose task was lost (a worker killed mid-task) get a new task; sending stays idempotent."""
    now = now or timezone.now()
    stuck = Delivery.objects.filter(
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRYING), next_attempt_at__lt=now - STUCK_AFTER
    )
    count = 0
    with transaction.atomic():
        for delivery in stuck.select_for_update(skip_locked=True)[:1000]:
            delivery.next_attempt_at = now
            delivery.save(update_fields=["next_attempt_at"])
            deliver.enqueue(delivery.pk)
            count += 1
    return count
