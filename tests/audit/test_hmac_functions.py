"""The verifier's HMAC (each key's padded blocks hashed once, signing.hmac_functions) is hmac.new's, for any key."""

import hashlib
import hmac

from audit import signing

KEYS = {
    "empty": "",
    "short": "k",
    "block-1": "x" * 63,
    "block": "x" * 64,
    "longer": "y" * 65,
    "long": "khóa-" * 40,
    "dev": "dev-only-audit-hmac-key-do-not-use-in-production",
}


def test_each_configured_key_gives_the_hmac_of_hmac_new(settings):
    settings.AUDIT_HMAC_KEYS = KEYS
    functions = signing.hmac_functions()
    assert set(functions) == set(KEYS)
    for key_id, secret in KEYS.items():
        for message in (b"", b"abc", "liên kết".encode() * 300):
            assert functions[key_id](message) == hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
            # and a second message under the same key starts from the same state
            assert functions[key_id](message) == signing.sign(message.decode(), (key_id, secret.encode()))[1]
