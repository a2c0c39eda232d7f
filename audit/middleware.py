from django.conf import settings

from .context import Origin, new_request_id, reset_origin, set_origin


class RequestContextMiddleware:
    """Gives each request an id (kept from X-Request-ID when a proxy set one) and records the client's IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or new_request_id()
        ip = request.META.get("REMOTE_ADDR") or None
        if settings.AUDIT_TRUST_X_FORWARDED_FOR and request.headers.get("X-Forwarded-For"):
            ip = request.headers["X-Forwarded-For"].split(",")[0].strip() or ip
        request.request_id = request_id
        token = set_origin(Origin(request_id=request_id, ip_address=ip))
        try:
            response = self.get_response(request)
        finally:
            reset_origin(token)
        response["X-Request-ID"] = request_id
        return response
