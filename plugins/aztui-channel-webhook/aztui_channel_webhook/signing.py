"""Standard Webhooks signatures (https://www.standardwebhooks.com/), written from the spec.

The sender signs ``"{webhook-id}.{webhook-timestamp}.{body}"`` with HMAC-SHA256 and sends
``webhook-signature: v1,<base64 of the MAC>`` (a space-separated list, one entry per key; aztui
has one key). The spec's secrets read ``whsec_<base64>``: the bytes the base64 part decodes to
are the HMAC key. aztui also takes any other string as its own key (its UTF-8 bytes), for a
receiver that was given a plain shared secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

SECRET_PREFIX = "whsec_"


def signing_key(secret: str | None) -> bytes:
    """The HMAC key a ``signing_secret`` stands for. The message of the ``ValueError`` raised
    for a bad secret never contains the secret."""
    if not secret or not secret.strip():
        raise ValueError("no signing_secret")
    secret = secret.strip()
    if not secret.startswith(SECRET_PREFIX):
        return secret.encode("utf-8")
    encoded = secret[len(SECRET_PREFIX) :]
    try:
        # The spec's secrets are padded base64; tolerate missing padding as its libraries do.
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(
            "the signing_secret starts with whsec_ but what follows is not base64"
        ) from None
    if not key:
        raise ValueError("the signing_secret is whsec_ with an empty key")
    return key


def signature(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    """The ``webhook-signature`` value for one key: ``v1,<base64 HMAC-SHA256>``."""
    signed = b".".join((msg_id.encode("utf-8"), timestamp.encode("ascii"), body))
    mac = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")
