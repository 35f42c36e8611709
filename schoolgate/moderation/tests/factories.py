"""Posts to comment on, and comments, for the moderation tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from schoolgate.moderation import services
from schoolgate.moderation.models import Comment
from schoolgate.people.models import School
from schoolgate.publishing.models import Post, PostVersion


def published_post(
    school: School, author: Any, *, slug: str = "sports-day", **kwargs: Any
) -> Post:
    """Return a published public post of the school, made directly (no checks)."""
    post = Post.objects.create(
        school=school,
        author=author,
        slug=slug,
        status=kwargs.pop("status", Post.Status.PUBLISHED),
        published_at=timezone.now(),
        **kwargs,
    )
    version = PostVersion.objects.create(
        post=post,
        number=1,
        title=slug.replace("-", " ").capitalize(),
        body="A lovely day.",
        body_html="<p>A lovely day.</p>",
        content_hash="0" * 64,
        created_by=author,
    )
    post.current = post.published = version
    post.save(update_fields=["current", "published"])
    return post


def make_comment(
    post: Post, text: str = "Lovely assembly, well done everyone!", **kwargs: Any
) -> Comment:
    """Submit a comment on the post through the service, as the form does."""
    kwargs.setdefault("name", "Sam Parent")
    kwargs.setdefault("email", f"sam{Comment.objects.count()}@example.org")
    kwargs.setdefault("relationship", "parent")
    return services.comment_submit(school=post.school, post=post, text=text, **kwargs)


def held_comment(school: School, author: Any, **kwargs: Any) -> Comment:
    """Return a held comment on a new published post, stored directly (no triage)."""
    post = published_post(school, author, slug=f"post-{Comment.objects.count()}")
    kwargs.setdefault("status", Comment.Status.HELD)
    return Comment.objects.create(
        school=school,
        post=post,
        name="Sam Parent",
        email="sam@example.org",
        text="Lovely!",
        **kwargs,
    )
