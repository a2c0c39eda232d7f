"""HMAC signatures under keys held outside the database (settings.AUDIT_HMAC_KEYS, from the environment or a
secret file).

The sha256 chain proves order and content only against someone who cannot recompute it; anyone who can write to
the database can. The HMAC needs the key, which lives with the application's configuration, not in the database.
The first configured key signs; every configured key verifies, so a rotated-out key keeps old events provable.
"""

import hashlib
import hmac

from django.conf import settings


class UnknownKey(LookupError):
    pass


def signing_key() -> tuple[str, bytes]:
    key_id, secret = next(iter(settings.AUDIT_HMAC_KEYS.items()))
    return key_id, secret.encode("utf-8")


def _key(key_id: str) -> bytes:
    try:
        return settings.AUDIT_HMAC_KEYS[key_id].encode("utf-8")
    except KeyError:
        raise UnknownKey(key_id) from None


def sign(message: str, key: tuple[str, bytes] | None = None) -> tuple[str, str]:
    """(key id, hex HMAC-SHA256 of `message`) under the signing key (or `key`, to sign many with one lookup)."""
    key_id, secret = key or signing_key()
    return key_id, hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def valid(message: str, key_id: str, signature: str) -> bool:
    """True if `signature` is the HMAC of `message` under the key `key_id`; raises UnknownKey for an unknown id."""
    expected = hmac.new(_key(key_id), message.encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")
