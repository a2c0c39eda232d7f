"""Telling people: the only code that writes notifications and queues their e-mails.

`notify` runs inside the transaction of the change it announces: the notification, its delivery and the worker
task that sends it commit or roll back with that change, so nobody is told of something that did not happen.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Delivery, DeliveryStatus, Mode, Notification
from .outbox import deliver
from .preferences import effective


def notify(
    kind, recipients, *, key, case_title="", subject_msgid="", detail="", due_on=None, link="", case_link="", task=None
):
    """Tell each person once: `key` names the occurrence (without the person); the same key twice is ignored.

    Joins the caller's transaction (the change being announced); a hook reached outside one (a row saved in
    autocommit mode) gets its own, right after the change."""
    if not settings.NOTIFICATIONS_ENABLED:
        return []
    with transaction.atomic(savepoint=False):
        return _notify(
            kind,
            recipients,
            key=key,
            case_title=case_title,
            subject_msgid=subject_msgid,
            detail=detail,
            due_on=due_on,
            link=link,
            case_link=case_link,
            task=task,
        )


def _notify(kind, recipients, *, key, case_title, subject_msgid, detail, due_on, link, case_link, task):
    told, seen = [], set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        preference = effective(user)
        if not preference.wants(kind):
            continue
        notification, created = Notification.objects.get_or_create(
            key=f"{key}:u{user.pk}"[:200],
            defaults=dict(
                recipient=user,
                kind=kind,
                case_title=(case_title or "")[:500],
                subject_msgid=(subject_msgid or "")[:255],
                detail=detail or "",
                due_on=due_on,
                link=link,
                case_link=case_link,
                task=task,
            ),
        )
        if not created:
            continue
        if preference.email_enabled and user.email:
            if preference.mode == Mode.DIGEST:
                Notification.objects.filter(pk=notification.pk).update(awaiting_digest=True)
            else:
                queue_delivery(user, f"n:{notification.pk}", [notification.pk], language=preference.language)
        told.append(notification)
    return told


def queue_delivery(user, key, notification_ids, is_digest=False, language="vi"):
    """One e-mail for these notifications, and the worker task that sends it (same transaction)."""
    delivery, created = Delivery.objects.get_or_create(
        key=key,
        defaults=dict(recipient=user, address=user.email, is_digest=is_digest, language=language),
    )
    if created:
        Notification.objects.filter(pk__in=notification_ids).update(delivery=delivery, awaiting_digest=False)
        deliver.enqueue(delivery.pk)
    return delivery, created


def resend(deliveries, *, actor=None):
    """An administrator sends these e-mails again (a new attempt of the same delivery, whatever its status); each
    resend is an audit event of the delivery, by that administrator."""
    from audit import recorder

    count = 0
    with transaction.atomic():
        for delivery in Delivery.objects.select_for_update().filter(pk__in=[d.pk for d in deliveries]):
            before = delivery.status
            delivery.status, delivery.next_attempt_at, delivery.last_error = DeliveryStatus.PENDING, timezone.now(), ""
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            recorder.record(
                case=delivery, action="notification.resent", actor=actor, changes={"status": [before, delivery.status]}
            )
            deliver.enqueue(delivery.pk)
            count += 1
    return count


def mark_read(user, notification_ids=None):
    """Mark the person's notifications read (all of them when no ids are given); others' are never touched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
