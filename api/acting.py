"""For which agency a person acts when a request names none: one of their agencies (with a working role) among those
that may act; the request's `agency` narrows the choice. The service checks the role again."""

from django.utils.translation import gettext as _
from rest_framework import exceptions

from tasks_registry.models import Agency, Membership
from tasks_registry.roles import WORKING_ROLES


def acting_agency(user, candidates, wanted=None, message=None):
    """The agency of `candidates` (ids; None: any) the person works for; 403 when none, 400 when it is ambiguous."""
    mine = set(
        Membership.objects.active().filter(user=user, role__in=WORKING_ROLES).values_list("agency_id", flat=True)
    )
    if candidates is not None:
        mine &= set(candidates)
    if wanted is not None:
        mine &= {wanted}
    if not mine:
        raise exceptions.PermissionDenied(message or _("Bạn không thay mặt cơ quan nào được làm việc này."))
    if len(mine) > 1:
        raise exceptions.ValidationError(
            {"agency": [_("Bạn làm việc cho nhiều cơ quan: hãy chọn cơ quan bạn thay mặt.")]}
        )
    return Agency.objects.get(pk=mine.pop())
