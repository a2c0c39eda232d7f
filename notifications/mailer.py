"""The e-mail of a delivery, written in the recipient's language with their name, the case and a link."""

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import texts
from .preferences import unsubscribe_token


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def message_id(delivery):
    """Stable per delivery: should a crash ever make a worker send twice, mail clients show one message."""
    digest = hashlib.sha256(delivery.key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def build(delivery, notifications):
    """The message in the language the person had chosen when it was queued."""
    user, language = delivery.recipient, delivery.language
    unsubscribe = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))
    with translation.override(language):
        items = [
            {
                "sentence": texts.sentence(n),
                "detail_label": texts.detail_label(n),
                "detail": n.detail,
                "link": absolute(reverse("notifications:open", args=[n.pk])),
            }
            for n in notifications
        ]
        context = {
            "name": user.get_full_name() or user.email,
            "items": items,
            "is_digest": delivery.is_digest,
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute(reverse("notifications:preferences")),
            "site_url": settings.SITE_URL,
            "language": language,
        }
        if delivery.is_digest:
            subject = _("Tổng hợp thông báo: %(count)d mục") % {"count": len(items)}
        else:
            subject = texts.subject(notifications[0]) if notifications else _("Thông báo")
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        headers={
            "Message-ID": message_id(delivery),
            "Content-Language": language,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "X-Notification-Key": delivery.key,
        },
    )
    message.attach_alternative(html, "text/html")
    return message
