"""A real OAuth 2.0 authorization server (Authlib) issuing client-credentials tokens.

It stands in for Microsoft's token endpoint: the app's client id and secret
buy an access token, which the SMTP server then accepts.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from flask import Flask
from werkzeug.serving import make_server

CLIENT_ID = "schoolgate-mail"
CLIENT_SECRET = "mail-client-secret"  # noqa: S105
SCOPE = "https://outlook.office365.com/.default"


class _Client(ClientMixin):
    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> str:
        return ""

    def get_allowed_scope(self, scope: str) -> str:
        return scope if scope == SCOPE else ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, CLIENT_SECRET)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_post", "client_secret_basic")

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class _ClientCredentials(grants.ClientCredentialsGrant):
    # Microsoft's endpoint takes the secret in the form body, as Schoolgate sends it.
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


@dataclass
class TokenServer:
    url: str
    issued: list[str] = field(default_factory=list)


@pytest.fixture
def token_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenServer]:
    """Serve the token endpoint on 127.0.0.1; yield its address and the tokens issued."""
    # oauthlib insists on https; this loopback server has no certificate.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    app = Flask("token-server")
    state = TokenServer(url="")

    def save_token(token: dict[str, str], request: object) -> None:
        state.issued.append(token["access_token"])

    server = AuthorizationServer(
        app,
        query_client=lambda client_id: _Client() if client_id == CLIENT_ID else None,
        save_token=save_token,
    )
    server.register_grant(_ClientCredentials)
    server.register_token_generator(
        "default", BearerTokenGenerator(lambda *a, **k: secrets.token_urlsafe(24))
    )
    app.add_url_rule("/token", "token", server.create_token_response, methods=["POST"])
    http = make_server("127.0.0.1", 0, app, threaded=True)
    state.url = f"http://127.0.0.1:{http.server_port}/token"
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        http.shutdown()
