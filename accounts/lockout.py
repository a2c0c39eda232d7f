"""Login throttling (django-axes) written into the audit log: the moment a login is locked, and its unlocking.

Axes counts failed logins per username and client IP (AXES_LOCKOUT_PARAMETERS) and refuses the login once the limit
is reached. Both events go to the chain of the username that was tried ("user.login:<username>", the chain the
failed logins themselves are in), so one chain tells the whole story of an attack on one account.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.shortcuts import render

from audit import recorder
from audit.security import USERNAME_KEY_LENGTH, failed_login_case, origin_of


def locked_out(sender, request, username, ip_address, **kwargs):
    # Axes also sends the signal for each attempt refused while already locked (those are recorded as failed
    # logins); only the attempt that reached the limit has counted failures.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    username = str(username or "")[:USERNAME_KEY_LENGTH]
    with transaction.atomic():
        recorder.record(
            case=failed_login_case(username),
            action="auth.locked_out",
            origin=origin_of(request),
            changes={"username": [None, username], "ip_address": [None, ip_address], "failures": [None, failures]},
        )


def unlock(attempts, *, by, request=None) -> int:
    """Remove the counted failures of the given AccessAttempt rows, each with its audit event; returns the count."""
    unlocked = 0
    with transaction.atomic():
        for attempt in AccessAttempt.objects.select_for_update().filter(pk__in=[a.pk for a in attempts]):
            username = str(attempt.username or "")[:USERNAME_KEY_LENGTH]
            recorder.record(
                case=failed_login_case(username),
                action="auth.unlocked",
                actor=by,
                origin=origin_of(request),
                changes={
                    "username": [username, None],
                    "ip_address": [attempt.ip_address, None],
                    "failures": [attempt.failures_since_start, 0],
                },
            )
            attempt.delete()
            unlocked += 1
    return unlocked


def lockout_response(request, original_response=None, credentials=None):
    """The translated lockout page (429), saying how long the lock lasts when it ends by itself."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = round(cool_off * 60) if cool_off else None
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
