"""Events about people rather than cases: logins, logouts, failed logins and refused requests.

Each person has their own chains ("user.session:<id>" for sessions, "user.refusals:<id>" for refusals,
"user.audit:<id>" for an auditor's own searches) so these events never wait on, or lengthen, the chains of the cases
the person works on. A failed login has no person yet: its chain is the username that was tried. (Keys start with
"user." so they sort after the cases' own chains in the admin's list of events.)
"""

from django.db import transaction

from . import recorder
from .context import Origin, current_origin

USERNAME_KEY_LENGTH = 100  # case_key holds 120 characters


def session_case(user) -> str:
    return f"user.session:{user.pk}"


def refusal_case(user) -> str:
    return f"user.refusals:{user.pk}"


def reading_case(user) -> str:
    return f"user.audit:{user.pk}"


def failed_login_case(username) -> str:
    return f"user.login:{username}"


def origin_of(request) -> Origin:
    """Request id and IP: from the middleware when it ran, else from the request itself (test clients, scripts)."""
    origin = current_origin()
    if origin.request_id or request is None:
        return origin
    from accounts.proxy import client_ip

    return Origin(request_id=getattr(request, "request_id", ""), ip_address=client_ip(request))


def logged_in(sender, request, user, **kwargs):
    with transaction.atomic():
        recorder.record(
            case=session_case(user), obj=user, action="auth.logged_in", actor=user, origin=origin_of(request)
        )


def logged_out(sender, request, user, **kwargs):
    if user is None:  # logging out without a session changes nothing
        return
    with transaction.atomic():
        recorder.record(
            case=session_case(user), obj=user, action="auth.logged_out", actor=user, origin=origin_of(request)
        )


def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:USERNAME_KEY_LENGTH]
    with transaction.atomic():
        recorder.record(
            case=failed_login_case(username),
            action="auth.login_failed",
            changes={"username": [None, username]},
            origin=origin_of(request),
        )


def permission_denied(request):
    user = request.user
    with transaction.atomic():
        recorder.record(
            case=refusal_case(user),
            obj=user,
            action="security.permission_denied",
            actor=user,
            changes={"method": [None, request.method], "path": [None, request.get_full_path()[:500]]},
            origin=origin_of(request),
        )
