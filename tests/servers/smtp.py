"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it is sent.

It accepts `AUTH PLAIN`/`LOGIN` with one password and `AUTH XOAUTH2` with a
token that `valid_token` accepts, as Microsoft 365 does; everything it is
sent is kept in `messages`, with who signed in.
"""

from __future__ import annotations

import base64
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "office@larkspur.test"
PASSWORD = "smtp-test-password"  # noqa: S105


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: Message
    signed_in_as: str


@dataclass
class MailServer:
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)
    valid_token: Callable[[str], bool] = lambda token: False
    mechanisms: list[str] = field(default_factory=list)


class _Handler:
    def __init__(self, server: MailServer):
        self.server = server

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.server.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                message_from_bytes(envelope.content),
                str(getattr(session, "auth_data", "") or ""),
            )
        )
        return "250 Message accepted for delivery"

    async def auth_XOAUTH2(self, smtp: Any, args: list[str]) -> AuthResult:  # noqa: N802
        self.server.mechanisms.append("XOAUTH2")
        fields = base64.b64decode(args[1]).decode().split("\x01")
        user = fields[0].removeprefix("user=")
        token = next((f.removeprefix("auth=Bearer ") for f in fields if f.startswith("auth=")), "")
        ok = user == USER and self.server.valid_token(token)
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


def _password_check(server: MailServer) -> Callable[..., AuthResult]:
    def check(smtp: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        server.mechanisms.append(mechanism)
        ok = isinstance(data, LoginPassword) and data.login.decode() == USER
        ok = ok and data.password.decode() == PASSWORD
        return AuthResult(success=ok, auth_data=USER if ok else None)

    return check


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """Start the SMTP server; yield where it listens and what it received."""
    server = MailServer("127.0.0.1", _free_port())
    controller = Controller(
        _Handler(server),
        hostname=server.host,
        port=server.port,
        authenticator=_password_check(server),
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
