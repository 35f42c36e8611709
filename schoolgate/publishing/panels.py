"""What publishing puts on a person's dashboard: posts waiting for them.

Registered with `add_panel` in registry.py; each context is read only for
those the panel's action lets through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, IntegerField, Value, When, Window

from schoolgate.people.models import School
from schoolgate.publishing.models import Post

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from schoolgate.accounts.models import User
    from schoolgate.safeguarding.selectors import Counted

#: Items a dashboard panel lists before it says "see all".
SHOWN = 5

# Sent back first: someone is waiting for the author to act on it.
UNFINISHED = (Post.Status.REJECTED, Post.Status.DRAFT)


def unfinished_posts(user: User, school: School) -> list[WithAnnotations[Post, Counted]]:
    """Return up to SHOWN of the user's own drafts and sent-back posts at the
    school, sent-back first, each annotated with `total` (how many in all)."""
    first = Case(
        When(status=Post.Status.REJECTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        Post.objects.filter(school=school, author=user, status__in=UNFINISHED)
        .select_related("current")
        .annotate(total=Window(Count("pk")), sent_back_first=first)
        .order_by("sent_back_first", "-updated_at", "-pk")[:SHOWN]
    )


def awaiting_approval_panel(request: Any) -> dict[str, Any]:
    """Return the posts waiting for this user's approval, the first few and how many."""
    from schoolgate.publishing.selectors import review_queue

    queue = review_queue(request.user, request.school)
    return {"awaiting_approval": queue[:SHOWN], "awaiting_count": len(queue)}


def own_posts_panel(request: Any) -> dict[str, Any]:
    """Return the user's drafts and sent-back posts, the first few and how many."""
    posts = unfinished_posts(request.user, request.school)
    return {"own_posts": posts, "own_count": posts[0].total if posts else 0}
