"""A person's API token: when it was issued, when it expires, and revoking it (by its owner, on the token page or
with DELETE /api/v1/auth/token/revoke/, or by an administrator in the admin). Every revocation is recorded in the
owner's session history, with who revoked it."""

import datetime

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from audit import recorder
from audit.security import origin_of, session_case


def expires_at(token):
    return token.created + datetime.timedelta(hours=settings.API_TOKEN_HOURS)


def tokens_of(user):
    return Token.objects.filter(user=user)


def revoke(user, *, by, request=None):
    """Delete the person's token (if any) and record it; answers whether there was one."""
    with transaction.atomic():
        deleted, _rows = Token.objects.filter(user=user).delete()
        if deleted:
            recorder.record(
                case=session_case(user),
                obj=user,
                action="api.token_revoked",
                actor=by,
                changes={"revoked_by": [None, by.get_username()]} if by != user else None,
                origin=origin_of(request) if request is not None else None,
            )
    return bool(deleted)
