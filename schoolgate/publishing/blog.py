"""The public blog: per-school news list, post pages, tags, RSS and Atom feeds, sitemap.

Public pages (`audience="public"`), cached per view. Each school's cache keys
carry a generation that publishing bumps, so a new or withdrawn post shows at
once while every other request is served from the cache.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_page

from schoolgate.core.types import SignedInRequest
from schoolgate.core.views import requires
from schoolgate.people.models import School
from schoolgate.publishing import selectors
from schoolgate.publishing.middleware import PUBLIC_MARK
from schoolgate.publishing.models import Post, Tag
from schoolgate.publishing.policy import one_way_notice

CACHE_SECONDS = 300
PAGE_SIZE = 10
FEED_SIZE = 20


def _generation_key(slug: str) -> str:
    return f"publishing:blog-generation:{slug}"


def blog_changed(school: School) -> None:
    """Start a new cache generation for the school's public pages."""
    cache.delete(_generation_key(school.slug))


def current_generation(slug: str) -> str | None:
    """Return the school's current cache generation, if a page has started one."""
    generation = cache.get(_generation_key(slug))
    return str(generation) if generation else None


def cached_per_school(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a public view per school, keyed by the school's current generation.

    The response carries the generation it was made under, so that the
    finished-page cache (`publishing.middleware`) files it under the same one.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, school: str, *args: Any, **kwargs: Any) -> HttpResponse:
        generation = cache.get_or_set(_generation_key(school), lambda: uuid.uuid4().hex, None)
        cached = cache_page(CACHE_SECONDS, key_prefix=f"blog-{school}-{generation}")(view)
        response: HttpResponse = cached(request, school, *args, **kwargs)
        setattr(response, PUBLIC_MARK, generation)
        return response

    return wrapped


def _school(slug: str) -> School:
    return get_object_or_404(School, slug=slug)


@requires("publishing.blog")
@cached_per_school
def index(request: HttpRequest, school: str, tag: str = "") -> HttpResponse:
    """List the school's news, newest first, with search and pages."""
    place = _school(school)
    q = request.GET.get("q", "").strip()[:100]
    tag_obj = get_object_or_404(Tag, school=place, slug=tag) if tag else None
    posts = selectors.public_posts(place, q=q, tag=tag)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"school": place, "page": page, "q": q, "tag": tag_obj}
    return render(request, "blog/index.html", context)


@requires("publishing.blog")
@cached_per_school
def post(request: HttpRequest, school: str, slug: str) -> HttpResponse:
    """Show one published post."""
    place = _school(school)
    item = selectors.public_post(place, slug)
    context = {"school": place, "post": item, "notice": one_way_notice(place)}
    return render(request, "blog/post.html", context)


@requires("publishing.blog")
@cached_per_school
def sitemap(request: HttpRequest, school: str) -> HttpResponse:
    """List the school's public news pages for search engines."""
    place = _school(school)
    posts = selectors.public_posts(place)[:1000]
    return render(
        request,
        "blog/sitemap.xml",
        {"school": place, "posts": posts},
        content_type="application/xml",
    )


@requires("publishing.read_private")
def private_index(request: SignedInRequest, school: str) -> HttpResponse:
    """List the private posts the signed-in parent or member of staff may read."""
    place = _school(school)
    posts = selectors.private_posts_for(request.user, place)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/private_index.html", {"school": place, "page": page})


@requires("publishing.read_private")
def private_post(request: SignedInRequest, school: str, slug: str) -> HttpResponse:
    """Show a private post to a parent of its class or key stage, or to staff."""
    place = _school(school)
    item = selectors.access_private_post_for(request.user, place, slug)
    context = {"school": place, "post": item, "notice": one_way_notice(place), "private": True}
    return render(request, "blog/post.html", context)


class RssFeed(Feed):  # type: ignore[type-arg]
    """The school's news as RSS 2.0."""

    def get_object(self, request: HttpRequest, school: str) -> School:
        return _school(school)

    def title(self, obj: School) -> str:
        return f"{obj.name}: news"

    def link(self, obj: School) -> str:
        return reverse("blog:index", kwargs={"school": obj.slug})

    def description(self, obj: School) -> str:
        return f"News from {obj.name}."

    def items(self, obj: School) -> Any:
        return selectors.public_posts(obj)[:FEED_SIZE]

    def item_title(self, item: Post) -> str:
        return item.published.title  # type: ignore[union-attr]

    def item_description(self, item: Post) -> str:
        return item.published.body_html  # type: ignore[union-attr]

    def item_link(self, item: Post) -> str:
        return reverse("blog:post", kwargs={"school": item.school.slug, "slug": item.slug})

    def item_pubdate(self, item: Post) -> Any:
        return item.published_at

    def item_categories(self, item: Post) -> list[str]:
        return [t.name for t in item.tags.all()]


class AtomFeed(RssFeed):
    """The school's news as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, obj: School) -> str:
        return self.description(obj)


rss = requires("publishing.blog")(cached_per_school(RssFeed()))
atom = requires("publishing.blog")(cached_per_school(AtomFeed()))
