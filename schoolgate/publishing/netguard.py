"""What a channel may connect to: https servers on public addresses only.

A Mastodon or Bluesky server address is typed in by staff, so without a
guard it could point Schoolgate at the school's own network or the cloud's
metadata service (SSRF). The address is checked when it is saved, and again
at connect time: every real connector talks through `guarded_session()`
(requests-hardened), which resolves the host itself, refuses private,
loopback, link-local and other non-public addresses, and connects to the
address it checked, so a name that resolves differently later (DNS
rebinding) cannot slip through. Redirects are not followed.

`SCHOOLGATE_CHANNEL_ALLOW_LOOPBACK` (tests and local development only) lets
a channel reach a server on this machine, over plain http too.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import httpcore
import httpx
import requests
from django.conf import settings
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

from schoolgate.publishing.connectors import ConnectorError

#: Seconds to connect, then to read an answer.
TIMEOUT = (5, 20)
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeAddress(ConnectorError):
    """A channel's server address is not https, or not on the public internet."""

    retryable = False


REFUSED = "The channel's server address is not on the public internet, so it was not contacted."


def allow_loopback() -> bool:
    return bool(getattr(settings, "SCHOOLGATE_CHANNEL_ALLOW_LOOPBACK", False))


def guarded_session() -> requests.Session:
    """Return a requests session that connects only to public addresses."""
    config = Config(
        ip_filter_enable=True,
        ip_filter_allow_loopback_ips=allow_loopback(),
        never_redirect=True,
        default_timeout=TIMEOUT,
    )
    session: requests.Session = HTTPSession(config)
    return session


def guarded_transport() -> httpx.HTTPTransport:
    """Return an httpx transport that connects only to public addresses."""
    transport = httpx.HTTPTransport()
    # httpcore opens every connection through its network backend; this one
    # checks the address it is about to connect to (no public hook exists).
    transport._pool._network_backend = GuardedBackend()  # noqa: SLF001
    return transport


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to a public address it resolved."""

    def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        addresses = _resolve(host, port)
        if not all(_allowed(a) for a in addresses):
            raise UnsafeAddress(REFUSED, detail=f"{host} resolves to {addresses}")
        return super().connect_tcp(str(addresses[0]), port, *args, **kwargs)  # type: ignore[arg-type]


def refused_address(error: BaseException) -> UnsafeAddress | None:
    """Return the refusal behind a client library's error, if the guard refused the address."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, UnsafeAddress):
            return seen
        if isinstance(seen, InvalidIPAddress):
            return UnsafeAddress(REFUSED, detail=str(seen))
        seen = seen.__cause__ or seen.__context__
    return None


def check_scheme(url: str) -> None:
    """Raise unless the address is https (or plain http to this machine, where allowed).

    Needs no DNS, so a connector checks it when it is built.
    """
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and allow_loopback() and _literal_loopback(parts.hostname or ""):
        return
    raise UnsafeAddress("The server's address must start with https://.")


def _literal_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _allowed(address: Address) -> bool:
    if address.is_loopback:
        return allow_loopback()
    return address.is_global and not address.is_multicast


def check_server_address(url: str) -> str:
    """Return the server address if it is https on public addresses only; else raise.

    Resolves the host now; the guarded session checks again at connect time.
    """
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if not host:
        raise UnsafeAddress("Enter the server's full address, starting https://.")
    check_scheme(url.strip())
    addresses = _resolve(host, parts.port or 443)
    for address in addresses:
        if not _allowed(address):
            raise UnsafeAddress(
                f"{host} is not on the public internet ({address}): a channel's server "
                "must be a public one."
            )
    return url.strip()


def _resolve(host: str, port: int) -> list[Address]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeAddress(f"{host} could not be found.") from None
    addresses: list[Address] = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None)
        addresses.append(mapped or address)
    return addresses
