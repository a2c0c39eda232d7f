"""S&T tasks through the API: read within the person's scope (selectors.visible_tasks), entered and corrected by the
managing agency through tasks_registry.services (each with its audit event). A PATCH carries the ETag last read in
If-Match, checked under the task's row lock, as the annual report's PATCH does."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from tasks_registry import services
from tasks_registry.errors import ServiceError
from tasks_registry.models import Agency, STTask
from tasks_registry.selectors import visible_tasks

from . import serializers as s
from .acting import acting_agency
from .errors import PreconditionFailed, PreconditionRequired, from_service_error
from .idempotency import KEY_PARAMETER, idempotent

NOT_FOUND = OpenApiResponse(description="Not found, or outside your agencies' scope")
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="the ETag of the task as last read",
)


def _tasks(user):
    return visible_tasks(user).select_related("host", "managing_agency")


def etag_of(task):
    """A hash of the task as shown, in one language: a client reading in English patches with the same ETag."""
    with translation.override(settings.LANGUAGE_CODE):
        body = JSONRenderer().render(s.STTaskSerializer(task).data)
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _json_object(request):
    if not hasattr(request.data, "get"):
        raise exceptions.ValidationError({"non_field_errors": [_("Nội dung gửi lên phải là một đối tượng JSON.")]})


class STTaskList(generics.ListAPIView):
    serializer_class = s.STTaskSerializer

    def get_queryset(self):
        return _tasks(self.request.user)

    @extend_schema(
        request=s.STTaskCreateSerializer,
        parameters=[KEY_PARAMETER],
        responses={201: s.STTaskSerializer, 400: OpenApiResponse(), 403: OpenApiResponse()},
    )
    @idempotent
    def post(self, request):
        _json_object(request)
        data = s.STTaskCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = acting_agency(
            request.user,
            None,
            values.pop("agency", None),
            _("Chỉ chuyên viên, lãnh đạo của cơ quan quản lý được nhập nhiệm vụ."),
        )
        host = Agency.objects.filter(pk=values.pop("host")).first()
        try:
            task = services.create_task(actor=request.user, agency=agency, host=host, **values)
        except ServiceError as error:
            raise from_service_error(error) from None
        task = _tasks(request.user).get(pk=task.pk)
        return Response(s.STTaskSerializer(task).data, status=status.HTTP_201_CREATED, headers={"ETag": etag_of(task)})


class STTaskDetail(APIView):
    @extend_schema(responses={200: s.STTaskSerializer, 404: NOT_FOUND})
    def get(self, request, pk):
        task = get_object_or_404(_tasks(request.user), pk=pk)
        return Response(s.STTaskSerializer(task).data, headers={"ETag": etag_of(task)})

    @extend_schema(
        request=s.STTaskFieldsSerializer(partial=True),
        parameters=[IF_MATCH],
        responses={
            200: s.STTaskSerializer,
            400: OpenApiResponse(),
            403: OpenApiResponse(),
            404: NOT_FOUND,
            412: OpenApiResponse(),
            428: OpenApiResponse(),
        },
    )
    def patch(self, request, pk):
        task = get_object_or_404(_tasks(request.user), pk=pk)
        _json_object(request)
        expected = request.headers.get("If-Match")
        if not expected:
            raise PreconditionRequired(_("Cần gửi kèm If-Match với ETag của nhiệm vụ vừa đọc."))
        data = s.STTaskFieldsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        comment = changes.pop("comment", "")
        with transaction.atomic():
            locked = (
                STTask.objects.select_for_update(of=("self",)).select_related("host", "managing_agency").get(pk=task.pk)
            )
            if expected.strip() not in (etag_of(locked), "*"):
                raise PreconditionFailed(_("Nhiệm vụ đã được người khác sửa từ lúc bạn đọc: hãy đọc lại rồi sửa."))
            try:
                services.update_task(
                    locked, actor=request.user, agency=locked.managing_agency, comment=comment, **changes
                )
            except ServiceError as error:
                raise from_service_error(error) from None
        task = _tasks(request.user).get(pk=task.pk)
        return Response(s.STTaskSerializer(task).data, headers={"ETag": etag_of(task)})
