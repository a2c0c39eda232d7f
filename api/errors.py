"""Every refusal as application/problem+json (RFC 9457), in the request's language, never a 500 for bad input.

A service's refusal keeps its meaning: NotPermitted → 403, StepNotAllowed → 409, InvalidInput → 400 with the
field it names. Validation errors carry `errors: {field: [messages]}`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tasks_registry.errors import NotPermitted, ServiceError, StepNotAllowed

PROBLEM = "application/problem+json"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


def from_service_error(error):
    """The API exception that says what a service's refusal says."""
    if isinstance(error, NotPermitted):
        return exceptions.PermissionDenied(error.message)
    if isinstance(error, StepNotAllowed):
        return Conflict(error.message)
    field = error.field or "non_field_errors"
    return exceptions.ValidationError({field: [error.message]})


def _flatten(detail, prefix=""):
    """{field: [messages]} from DRF's nested error detail."""
    if isinstance(detail, dict):
        errors = {}
        for key, value in detail.items():
            errors.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return errors
    if isinstance(detail, list) and detail and all(not isinstance(item, (dict, list)) for item in detail):
        return {prefix or "non_field_errors": [str(item) for item in detail]}
    if isinstance(detail, list):
        errors = {}
        for index, value in enumerate(detail):
            errors.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return errors
    return {prefix or "non_field_errors": [str(detail)]}


def problem_handler(exc, context):
    if isinstance(exc, ServiceError):
        exc = from_service_error(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"type": "about:blank", "status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["title"] = _("Dữ liệu gửi lên chưa hợp lệ.")
        body["errors"] = _flatten(exc.detail)
        first = next(iter(body["errors"].values()), [""])
        body["detail"] = first[0] if first else body["title"]
    else:
        detail = getattr(exc, "detail", None)
        if isinstance(exc, Http404) or isinstance(exc, exceptions.NotFound):
            body["title"] = _("Không tìm thấy.")
        elif isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
            body["title"] = _("Bạn không có quyền thực hiện việc này.")
        else:
            body["title"] = str(detail) if detail is not None else _("Yêu cầu không thực hiện được.")
        body["detail"] = str(detail) if detail is not None else body["title"]
    headers = {key: value for key, value in response.items() if key in ("WWW-Authenticate", "Retry-After", "Allow")}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM)
