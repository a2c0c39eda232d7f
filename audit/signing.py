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


def hmac_functions() -> dict:
    """{key id: a function giving the hex HMAC-SHA256 of a message (bytes)} for every configured key, for checking
    many messages (audit/verification.py). Per message, `hmac.new` costs as much again as the hashing itself: it
    hashes the key's two padded blocks every time. Here they are hashed once per key and copied (RFC 2104)."""
    return {key_id: _hmac_sha256(secret.encode("utf-8")) for key_id, secret in settings.AUDIT_HMAC_KEYS.items()}


_BLOCK = hashlib.sha256().block_size
_INNER_PAD = bytes(x ^ 0x36 for x in range(256))
_OUTER_PAD = bytes(x ^ 0x5C for x in range(256))


def _hmac_sha256(secret: bytes):
    if len(secret) > _BLOCK:
        secret = hashlib.sha256(secret).digest()
    secret = secret.ljust(_BLOCK, b"\0")
    inner, outer = hashlib.sha256(secret.translate(_INNER_PAD)), hashlib.sha256(secret.translate(_OUTER_PAD))

    def hexdigest(message: bytes) -> str:
        hashed = inner.copy()
        hashed.update(message)
        signed = outer.copy()
        signed.update(hashed.digest())
        return signed.hexdigest()

    return hexdigest


def valid(message: str, key_id: str, signature: str) -> bool:
    """True if `signature` is the HMAC of `message` under the key `key_id`; raises UnknownKey for an unknown id."""
    expected = hmac.new(_key(key_id), message.encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")
