"""Who is on the other end of a request when the site runs behind reverse proxies.

X-Forwarded-For is a list every proxy appends to: only the entries added by our own proxies can be trusted, so the
client is the address `TRUSTED_PROXY_HOPS` places from the right (the left-most entry is whatever the client sent).
X-Request-ID is taken only from our proxy (the site is reachable only through it when hops > 0, and, if listed,
only from TRUSTED_PROXY_ADDRESSES); a client's own id would let it forge or collide with others in the audit log.
"""

import ipaddress
import re

from django.conf import settings

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def _valid_ip(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def from_trusted_proxy(request) -> bool:
    if settings.TRUSTED_PROXY_HOPS <= 0:
        return False
    allowed = settings.TRUSTED_PROXY_ADDRESSES
    return not allowed or request.META.get("REMOTE_ADDR") in allowed


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_HOPS
    if not from_trusted_proxy(request):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request did not come through all of them; trust only the socket.
        return remote
    return _valid_ip(forwarded[-hops]) or remote


def request_id(request) -> str | None:
    """The proxy's request id when the request came through it and the id looks like one; else None."""
    if not from_trusted_proxy(request):
        return None
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if REQUEST_ID.fullmatch(given) else None
