"""Channel credentials, encrypted at rest with Fernet.

The key is derived (HKDF-SHA256) from SCHOOLGATE_CHANNEL_KEY, a secret kept
apart from SECRET_KEY and from the safeguarding evidence key, so one leaked
secret does not open the others.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from schoolgate.core.crypto import fernet_from_setting


class CredentialsUnreadable(Exception):
    """The stored credentials do not open with the current key."""


def cipher() -> Fernet:
    """Return the cipher for channel credentials; refuse to work without a key."""
    return fernet_from_setting(
        "SCHOOLGATE_CHANNEL_KEY", b"schoolgate channels v1", needed_to="store channel credentials"
    )


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
        credentials: dict[str, Any] = json.loads(cipher().decrypt(token.encode()))
        return credentials
    except InvalidToken:
        raise CredentialsUnreadable(
            "The channel's credentials cannot be read with this key."
        ) from None
