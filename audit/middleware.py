from accounts.proxy import client_ip
from accounts.proxy import request_id as proxy_request_id

from .context import Origin, new_request_id, reset_origin, set_origin


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
