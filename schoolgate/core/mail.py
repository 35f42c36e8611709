"""Sending mail as a school's own provider allows it.

Microsoft 365 is switching SMTP basic authentication (a password) off, so
`OAuth2SMTPBackend` signs in to SMTP with an OAuth 2.0 access token
(`AUTH XOAUTH2`), fetched with the app's client id and secret (the client
credentials grant, through requests-oauthlib) and kept until it expires.
Other schools use `EMAIL_URL` with a password, or a provider's HTTP API
through django-anymail (`EMAIL_PROVIDER`); the settings pick one.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.smtp import EmailBackend
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session

#: A token this close to its expiry is fetched again rather than used.
EXPIRY_MARGIN = 60

_lock = threading.Lock()
_cached: dict[tuple[str, str], tuple[str, float]] = {}


def access_token() -> str:
    """Return an access token for the mail server, fetching one when needed."""
    url = settings.EMAIL_OAUTH2_TOKEN_URL
    client_id = settings.EMAIL_OAUTH2_CLIENT_ID
    if not (url and client_id and settings.EMAIL_OAUTH2_CLIENT_SECRET):
        raise ImproperlyConfigured(
            "OAuth 2.0 mail needs EMAIL_OAUTH2_CLIENT_ID, EMAIL_OAUTH2_CLIENT_SECRET and "
            "EMAIL_OAUTH2_TENANT (or EMAIL_OAUTH2_TOKEN_URL)."
        )
    with _lock:
        token, expires = _cached.get((url, client_id), ("", 0.0))
        if token and time.time() < expires - EXPIRY_MARGIN:
            return token
        session = OAuth2Session(client=BackendApplicationClient(client_id=client_id))
        fetched = session.fetch_token(
            token_url=url,
            client_id=client_id,
            client_secret=settings.EMAIL_OAUTH2_CLIENT_SECRET,
            scope=[settings.EMAIL_OAUTH2_SCOPE],
            include_client_id=True,
            timeout=20,
        )
        token = str(fetched["access_token"])
        _cached[(url, client_id)] = (token, time.time() + float(fetched.get("expires_in", 300)))
        return token


def forget_tokens() -> None:
    """Drop cached tokens (a changed secret, or a test)."""
    with _lock:
        _cached.clear()


class OAuth2SMTPBackend(EmailBackend):
    """Django's SMTP backend, signing in with `AUTH XOAUTH2` instead of a password."""

    def open(self) -> bool | None:
        # Open without a password, then sign in with the token.
        username, self.username = self.username, ""
        try:
            opened = super().open()
        finally:
            self.username = username
        if opened and self.connection is not None:
            self._sign_in(self.connection)
        return opened

    def _sign_in(self, connection: Any) -> None:
        token = access_token()
        xoauth2 = f"user={self.username}\x01auth=Bearer {token}\x01\x01"
        connection.ehlo_or_helo_if_needed()
        connection.auth("XOAUTH2", lambda challenge=None: xoauth2 if challenge is None else "")
