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

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

PREFIX = "/news/"
PUBLIC_MARK = "_schoolgate_public_page"
SECONDS = 300


def _school_slug(path: str) -> str:
    return path[len(PREFIX) :].split("/", 1)[0]


def _key(slug: str, generation: str, full_path: str) -> str:
    digest = hashlib.sha256(full_path.encode()).hexdigest()[:32]
    return f"publishing:public-page:{slug}:{generation}:{digest}"


class PublicPageCacheMiddleware:
    """Answer anonymous repeat visits to the public blog from the finished-page cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._eligible(request):
            return self.get_response(request)
        slug = _school_slug(request.path)
        answer = self._lookup(slug, request.get_full_path())
        if answer is not None:
            return answer
        response = self.get_response(request)
        generation = getattr(response, PUBLIC_MARK, None)
        if generation and self._keepable(response):
            kept = (response.status_code, dict(response.headers), response.content)
            cache.set(_key(slug, generation, request.get_full_path()), kept, SECONDS)
        return response

    @staticmethod
    def _eligible(request: HttpRequest) -> bool:
        return (
            request.method == "GET"
            and request.path.startswith(PREFIX)
            and not request.META.get("HTTP_COOKIE")
            and bool(_school_slug(request.path))
        )

    @staticmethod
    def _keepable(response: HttpResponse) -> bool:
        return response.status_code == 200 and not response.streaming and not response.cookies

    @staticmethod
    def _lookup(slug: str, full_path: str) -> HttpResponse | None:
        from schoolgate.publishing.blog import current_generation

        generation = current_generation(slug)
        if generation is None:
            return None
        stored = cache.get(_key(slug, generation, full_path))
        if stored is None:
            return None
        status, headers, content = stored
        return HttpResponse(content, status=status, headers=headers)
