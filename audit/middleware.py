from django.http import HttpResponseForbidden
from django.urls import reverse

from accounts.proxy import client_ip
from accounts.proxy import request_id as proxy_request_id

from .context import Origin, new_request_id, reset_origin, set_origin

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class RequestContextMiddleware:
    """Gives each request an id (kept from X-Request-ID only when our trusted proxy set it) and records the client's
    IP (from X-Forwarded-For only as far as our own proxies wrote it: accounts.proxy).

    It also records every 403 answered to a signed-in person, whichever layer refused (a view, viewflow, the CSRF
    check, ReadOnlyAuditorMiddleware): a refusal is evidence of someone trying what they may not do.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = proxy_request_id(request) or new_request_id()
        ip = client_ip(request)
        request.request_id = request_id
        token = set_origin(Origin(request_id=request_id, ip_address=ip))
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code == 403 and user is not None and user.is_authenticated:
                from .security import permission_denied

                permission_denied(request)
        finally:
            reset_origin(token)
        response["X-Request-ID"] = request_id
        return response


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
            from .access import is_read_only_auditor

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
