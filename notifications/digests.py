"""The daily digest: a person who chose it gets one e-mail a day, at their hour, with what waited for it."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import Mode, Notification
from .preferences import effective
from .services import queue_delivery


def send_due_digests(now=None):
    now = now or timezone.now()
    local = timezone.localtime(now)
    sent = 0
    waiting = Notification.objects.filter(awaiting_digest=True)
    recipients = waiting.values_list("recipient", flat=True).distinct()
    for user in get_user_model().objects.filter(pk__in=list(recipients)).order_by("pk"):
        preference = effective(user)
        with transaction.atomic():
            ids = list(waiting.filter(recipient=user).values_list("pk", flat=True))
            if not preference.email_enabled or not user.email:
                # E-mail turned off since: the notifications stay in the application only.
                Notification.objects.filter(pk__in=ids).update(awaiting_digest=False)
                continue
            if preference.mode == Mode.DIGEST and local.hour < preference.digest_hour:
                continue
            _, created = queue_delivery(
                user, f"digest:u{user.pk}:{local.date().isoformat()}", ids, is_digest=True, language=preference.language
            )
            sent += int(created)
    return sent
