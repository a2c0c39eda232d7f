"""Token authentication with an expiry (settings.API_TOKEN_HOURS). Apart from api.auth: DRF imports it early."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def expired(token):
    return token.created < timezone.now() - datetime.timedelta(hours=settings.API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            raise exceptions.AuthenticationFailed(_("Mã truy cập đã hết hạn: hãy xin mã mới."))
        return user, token
