"""Fernet ciphers derived from settings secrets.

Each use (channel credentials, safeguarding evidence) has its own secret and
its own HKDF ``info`` label, so one leaked secret opens only what it sealed.
The labels are part of the key: changing one makes stored tokens unreadable.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def fernet_for(secret: str, purpose: bytes) -> Fernet:
    """Return the Fernet cipher HKDF-SHA256 derives from a secret for one purpose."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose)
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(secret.encode())))


def fernet_from_setting(setting: str, purpose: bytes, *, needed_to: str) -> Fernet:
    """Return the cipher for the secret in a setting; refuse to work without it."""
    secret = getattr(settings, setting, None)
    if not secret:
        raise ImproperlyConfigured(f"Set {setting} to {needed_to}.")
    return fernet_for(secret, purpose)
