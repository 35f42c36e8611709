"""Channel credentials, encrypted at rest with Fernet.

The key is derived (HKDF-SHA256) from SCHOOLGATE_CHANNEL_KEY, a secret kept
apart from SECRET_KEY and from the safeguarding evidence key, so one leaked
secret does not open the others.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class CredentialsUnreadable(Exception):
    """The stored credentials do not open with the current key."""


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"schoolgate channels v1")
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret.encode())))


def cipher() -> Fernet:
    """Return the cipher for channel credentials; refuse to work without a key."""
    secret = getattr(settings, "SCHOOLGATE_CHANNEL_KEY", None)
    if not secret:
        raise ImproperlyConfigured("Set SCHOOLGATE_CHANNEL_KEY to store channel credentials.")
    return _fernet(secret)


def seal_credentials(credentials: dict[str, Any]) -> str:
    """Return the credentials as an encrypted token for the database."""
    if not credentials:
        return ""
    return cipher().encrypt(json.dumps(credentials, sort_keys=True).encode()).decode()


def open_credentials(token: str) -> dict[str, Any]:
    """Return the credentials a token holds (empty for no token)."""
    if not token:
        return {}
    try:
        return json.loads(cipher().decrypt(token.encode()))  # type: ignore[no-any-return]
    except InvalidToken:
        raise CredentialsUnreadable(
            "The channel's credentials cannot be read with this key."
        ) from None
