"""A person's effective preferences: their own row if they saved one, otherwise the defaults of their role."""

from dataclasses import dataclass, field

from django.core import signing
from django.utils import timezone

from tasks_registry.models import Membership

from .models import Mode, Preference, RoleDefault

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class Effective:
    language: str = "vi"
    email_enabled: bool = True
    mode: str = Mode.IMMEDIATE
    digest_hour: int = 8
    muted_kinds: frozenset = field(default_factory=frozenset)

    def wants(self, kind):
        return kind not in self.muted_kinds


def defaults_for(user):
    roles = Membership.objects.active(timezone.localdate()).filter(user=user).values("role")
    default = RoleDefault.objects.filter(role__in=roles).order_by("rank", "role").first()
    if default is None:
        return Effective()
    return Effective(
        email_enabled=default.email_enabled,
        mode=default.mode,
        digest_hour=default.digest_hour,
        muted_kinds=frozenset(default.muted_kinds or ()),
    )


def effective(user):
    own = Preference.objects.filter(user=user).first()
    if own is None:
        return defaults_for(user)
    return Effective(
        language=own.language,
        email_enabled=own.email_enabled,
        mode=own.mode,
        digest_hour=own.digest_hour,
        muted_kinds=frozenset(own.muted_kinds or ()),
    )


def preference_row(user):
    """The person's own row, created from their role's defaults the first time they change something."""
    own = Preference.objects.filter(user=user).first()
    if own is not None:
        return own
    start = defaults_for(user)
    return Preference(
        user=user,
        email_enabled=start.email_enabled,
        mode=start.mode,
        digest_hour=start.digest_hour,
        muted_kinds=sorted(start.muted_kinds),
    )


def unsubscribe_token(user):
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token):
    """The person an unsubscribe link was made for, or None when the link was altered."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
