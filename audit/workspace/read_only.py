"""The auditor workspace's one rule for the whole site: a person who is only an auditor changes nothing."""

from django.http import HttpResponseForbidden
from django.urls import reverse

from tasks_registry.access import is_read_only_auditor

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ReadOnlyAuditorMiddleware:
    """A person who is only an auditor changes nothing: every non-safe request of theirs is refused.

    One rule here rather than a check in every view, so that a view added later cannot forget it. Allowed: choosing
    the language (a cookie), logging in and out, their own password, running the chain verification (it writes only
    its own run), their own notifications (marking them read, how they are told: an auditor is told of a broken chain
    and must be able to clear it) and their own API token (revoking it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and request.path not in self.allowed_paths():
            if is_read_only_auditor(request.user):
                return HttpResponseForbidden()
        return self.get_response(request)

    @staticmethod
    def allowed_paths():
        return {
            reverse(name)
            for name in (
                "set_language",
                "login",
                "logout",
                "password_change",
                "audit:verification",
                "notifications:mark-read",
                "notifications:preferences",
                "api_tokens_revoke",
            )
        }
