"""Request rates per person and per address; the rates are settings (environment), read at each request."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


class PersonThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_USER


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_ANON


class TokenThrottle(ScopedRateThrottle):
    """Asking for a token with a password: few tries a minute per address (axes also locks the username)."""

    scope_attr = "throttle_scope"

    def get_rate(self):
        return settings.API_THROTTLE_TOKEN

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        return super(ScopedRateThrottle, self).allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "token", "ident": self.get_ident(request)}
