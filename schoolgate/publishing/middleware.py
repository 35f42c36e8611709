"""Serve the public blog's cached pages before the rest of the middleware runs.

The public news pages are the same for every anonymous visitor, and a busy
morning (a trip's photos going up) sends many of them. `cached_per_school`
already caches each page per school generation; this middleware, first in
the chain, keeps the *finished* response (with every security header the
other middleware added) under the same generation, and answers a repeat
visitor from it without running sessions, sign-in, policy or view code.

Only anonymous GETs (no cookies at all) of `/news/<school>/...` are served
this way, and only responses the blog marked as public (`PUBLIC_MARK`, holding
the generation the page was made under) that set no cookie are kept. A new,
changed or withdrawn post starts a new generation (`blog_changed`), so it
shows at once on every process; a page made just before a change is filed
under the old generation and never read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

PREFIX = "/news/"
PUBLIC_MARK = "_schoolgate_public_page"
SECONDS = 300


def _school_slug(path: str) -> str:
    return path[len(PREFIX) :].split("/", 1)[0]


def _address(request: HttpRequest) -> str | None:
    """Return scheme, host and path with query, or None for a host Django refuses."""
    try:
        return request.build_absolute_uri()
    except DisallowedHost:
        return None  # the whole stack answers it (400)


def _key(slug: str, generation: str, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"publishing:public-page:{slug}:{generation}:{digest}"


class PublicPageCacheMiddleware:
    """Answer anonymous repeat visits to the public blog from the finished-page cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = _address(request) if self._eligible(request) else None
        if address is None:
            return self.get_response(request)
        slug = _school_slug(request.path)
        answer = self._lookup(slug, address)
        if answer is not None:
            return answer
        response = self.get_response(request)
        generation = getattr(response, PUBLIC_MARK, None)
        if generation and self._keepable(response):
            kept = (response.status_code, dict(response.headers), response.content)
            cache.set(_key(slug, generation, address), kept, SECONDS)
        return response

    @staticmethod
    def _eligible(request: HttpRequest) -> bool:
        return (
            request.method == "GET"
            and request.path.startswith(PREFIX)
            and not request.META.get("HTTP_COOKIE")
            and bool(_school_slug(request.path))
            # Where plain HTTP is redirected, only HTTPS visits skip the stack.
            and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        )

    @staticmethod
    def _keepable(response: HttpResponse) -> bool:
        return response.status_code == 200 and not response.streaming and not response.cookies

    @staticmethod
    def _lookup(slug: str, address: str) -> HttpResponse | None:
        from schoolgate.publishing.blog import current_generation

        generation = current_generation(slug)
        if generation is None:
            return None
        stored = cache.get(_key(slug, generation, address))
        if stored is None:
            return None
        status, headers, content = stored
        return HttpResponse(content, status=status, headers=headers)
