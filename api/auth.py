"""Tokens for other systems: obtained with a password (throttled, and locked by axes like the login page), valid
for settings.API_TOKEN_HOURS, revoked by their owner (DELETE here, or their token page) or by an administrator (the
admin's token list): api.tokens."""

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import recorder
from audit.security import session_case

from . import tokens
from .authentication import expired
from .throttles import TokenThrottle


class Credentials(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)


TokenAnswer = inline_serializer(
    "TokenAnswer", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
)


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    def get_authenticate_header(self, request):
        return "Token"  # a wrong password is a 401 that says how to authenticate, not a 403

    @extend_schema(request=Credentials, responses={200: TokenAnswer}, auth=[])
    def post(self, request):
        credentials = Credentials(data=request.data)
        credentials.is_valid(raise_exception=True)
        # The Django request: axes' throttling backend reads the client's address and records failures from it.
        user = authenticate(request._request, **credentials.validated_data)
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        with transaction.atomic():
            token = Token.objects.select_for_update().filter(user=user).first()
            if token is not None and expired(token):
                token.delete()
                token = None
            if token is None:
                token = Token.objects.create(user=user)
                recorder.record(case=session_case(user), obj=user, action="api.token_created", actor=user)
        return Response({"token": token.key, "expires": tokens.expires_at(token)})


class RevokeTokenView(APIView):
    open_to_auditors = True  # their own token

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        tokens.revoke(request.user, by=request.user, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
