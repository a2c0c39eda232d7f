"""The person's own notifications (notifications.models.Notification), read and marked read as on the notifications
page: another person's notification is a 404, whatever its id."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import services
from notifications.models import Notification

from . import serializers as s
from .idempotency import KEY_PARAMETER, idempotent

NOT_FOUND = OpenApiResponse(description="Not found, or not yours")


def _mine(user):
    return Notification.objects.filter(recipient=user)


class NotificationList(generics.ListAPIView):
    serializer_class = s.NotificationSerializer

    def get_queryset(self):
        return _mine(self.request.user)


class NotificationRead(APIView):
    open_to_auditors = True  # an auditor is told of a broken chain and must be able to clear it

    @extend_schema(request=None, parameters=[KEY_PARAMETER], responses={200: s.NotificationSerializer, 404: NOT_FOUND})
    @idempotent
    def post(self, request, pk):
        notification = get_object_or_404(_mine(request.user), pk=pk)
        with transaction.atomic():
            services.mark_read(request.user, [notification.pk])
        notification.refresh_from_db()
        return Response(s.NotificationSerializer(notification).data)
