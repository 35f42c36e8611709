"""Sign-in providers' client secrets, encrypted at rest like channel credentials.

The key is derived from SCHOOLGATE_CHANNEL_KEY with its own HKDF label, so a
channel's token and a provider's secret never share a key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from schoolgate.core.crypto import fernet_from_setting


def _cipher() -> Fernet:
    return fernet_from_setting(
        "SCHOOLGATE_CHANNEL_KEY", b"schoolgate sign-in v1", needed_to="store sign-in secrets"
    )


def seal_secret(secret: str) -> str:
    """Return the secret encrypted for the database (empty stays empty)."""
    return _cipher().encrypt(secret.encode()).decode() if secret else ""


def open_secret(sealed: str) -> str:
    """Return the secret a sealed value holds; empty if it does not open."""
    if not sealed:
        return ""
    try:
        return _cipher().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
