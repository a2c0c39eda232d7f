"""Who may use the API at all: signed-in people; and a person who is only an auditor changes nothing.

The web's ReadOnlyAuditorMiddleware runs before DRF has read the token, so the same rule is applied here, once for
every endpoint, rather than in each view. As on the pages, an auditor still marks their own notifications read and
revokes their own token (views with `open_to_auditors`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from tasks_registry.access import is_read_only_auditor


class SignedInAndNotReadOnly(IsAuthenticated):
    message = _("Bạn không có quyền thực hiện việc này.")

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or getattr(view, "open_to_auditors", False):
            return True
        return not is_read_only_auditor(request.user)
