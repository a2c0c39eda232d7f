"""Axes' check, for logins over HTTP only.

Axes refuses to work without a request; authenticate() without one comes from our own code (the test client's
login(), scripts), never from a visitor, so there is nothing to throttle there.
"""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
