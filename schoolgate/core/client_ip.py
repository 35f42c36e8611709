"""The address a request came from, read the same way everywhere.

Behind the TLS proxy the README recommends, REMOTE_ADDR is the proxy's
address for every visitor. The visitor's own address is then the last one
the trusted proxies appended to X-Forwarded-For. Only proxies named in
SCHOOLGATE_TRUSTED_PROXIES are believed (outermost first, each an address or
a CIDR network, one per hop): a request that did not come through them,
or a setting left empty, gives REMOTE_ADDR, so nobody can choose their own
address by sending the header. django-ipware reads the chain.

Used by the comment rate limit, the audit log's address and the sign-in
lock-out (AXES_CLIENT_IP_CALLABLE), so the three always agree.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

HEADER = "HTTP_X_FORWARDED_FOR"


def client_ip(request: HttpRequest) -> str | None:
    """Return the visitor's address, or None if the request carries none."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = list(getattr(settings, "SCHOOLGATE_TRUSTED_PROXIES", []) or [])
    forwarded = request.META.get(HEADER, "").strip()
    if not trusted or not remote or not forwarded:
        return remote
    # The nearest proxy is REMOTE_ADDR itself: put it at the chain's end, so
    # ipware checks it against the last trusted entry like every other hop.
    chain = HttpRequest()
    chain.META = {HEADER: f"{forwarded}, {remote}"}
    ip, _routable = get_client_ip(
        chain,
        proxy_trusted_ips=trusted,
        request_header_order=[HEADER],
        strict=False,
    )
    return ip or remote
