"""Who signs a document an agency issues, from the people's own data (their memberships): the person downloading it
when they lead the agency, else the agency's head (the one signing in their own right first)."""

from django.utils import timezone

from office.word import Signer

from .models import Membership
from .roles import Role


def _signer(membership):
    user = membership.user
    return Signer(
        name=user.get_full_name() or user.get_username(),
        title=membership.position,
        authority=membership.signing_authority,
        signs_for=membership.signs_for,
    )


def signer_for(agency, user=None, *, day=None):
    """The Signer of `agency`'s document; None when the agency has no head today (the block then has no name)."""
    if agency is None:
        return None
    heads = (
        Membership.objects.active(day or timezone.localdate())
        .filter(agency=agency, role=Role.HEAD)
        .select_related("user")
    )
    if user is not None and getattr(user, "is_authenticated", False):
        own = heads.filter(user=user).first()
        if own is not None:
            return _signer(own)
    # The head in their own right (no authority) before a deputy; then the longest serving.
    ordered = sorted(heads, key=lambda m: (m.signing_authority != "", m.valid_from, m.pk))
    return _signer(ordered[0]) if ordered else None
