"""Sessions end after a stretch of inactivity (idle timeout) and, whatever the activity, some hours after login.

Django's own expiry is renewed by every write to the session, so it cannot give an absolute age: both limits are
kept as timestamps in the session and checked here, on every request of a signed-in person.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

STARTED = "_session_started_at"
SEEN = "_session_seen_at"
# Rewriting the session on every request would cost a database write per page: the idle clock moves in steps of
# 5 minutes (a 30-minute idle timeout ends between 30 and 35 minutes), which also keeps per-page query counts steady.
SEEN_RESOLUTION = 300


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(STARTED)
            seen = request.session.get(SEEN)
            if started is None:  # first request after login
                request.session[STARTED] = started = now
            if seen is None:
                request.session[SEEN] = seen = now
            expired = now - started > settings.SESSION_ABSOLUTE_SECONDS or now - seen > settings.SESSION_IDLE_SECONDS
            if expired:
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
                if request.method == "GET":
                    return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
                return redirect("login")
            if now - seen >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)


def start_clock(sender, request, user, **kwargs):
    """Login starts both clocks (a login without a logout keeps the session's data, so reset them here)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now
