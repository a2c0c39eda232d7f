"""Idempotency-Key on POSTs that change state: the same key, from the same person, gets the first answer back.

The key's row is created (or found and locked) in the transaction that does the work, so two copies of one POST
arriving together queue on the row: the second waits for the first to commit, then replays its answer. A refused
request (an exception) rolls its row back with everything else, so it may be sent again. The same key with another
path or body is a client's mistake: 422, nothing done.
"""

import datetime
import functools
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="A key of your choosing (at most 255 characters): a repeated POST with it gets the first answer.",
)


class KeyReused(exceptions.APIException):
    status_code = 422
    default_code = "idempotency_key_reused"


def _fingerprint(request):
    try:
        data = request.data
        body = json.dumps(
            {k: (data.getlist(k) if hasattr(data, "getlist") else data[k]) for k in sorted(data)},
            sort_keys=True,
            default=str,
        )
    except Exception:  # an unreadable body is refused by the view itself; nothing to compare
        body = ""
    files = sorted((name, f.name, f.size) for name, f in getattr(request, "FILES", {}).items())
    return hashlib.sha256(f"{request.method} {request.path}\n{body}\n{files}".encode()).hexdigest()


def idempotent(handler):
    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return handler(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > 255:
            raise exceptions.ValidationError({HEADER: [_("Khoá Idempotency-Key phải có từ 1 đến 255 ký tự.")]})
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            IdempotencyKey.objects.filter(
                user=request.user,
                created_at__lt=timezone.now() - datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS),
            ).delete()
            record, created = IdempotencyKey.objects.select_for_update().get_or_create(
                user=request.user,
                key=key,
                defaults={"method": request.method, "path": request.path[:500], "fingerprint": fingerprint},
            )
            if not created:
                if record.fingerprint != fingerprint:
                    raise KeyReused(_("Khoá Idempotency-Key này đã dùng cho một yêu cầu khác."))
                replay = Response(record.body, status=record.status_code)
                replay["Idempotent-Replayed"] = "true"
                return replay
            response = handler(view, request, *args, **kwargs)
            body = json.loads(JSONRenderer().render(response.data)) if response.data is not None else None
            record.status_code, record.body = response.status_code, body
            record.save(update_fields=["status_code", "body"])
            return response

    return wrapper
