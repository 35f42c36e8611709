"""Background work: telling moderators about a new or escalated comment."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_moderators(comment_id: int) -> int:
    """Email those who should act on the comment; return how many were told."""
    from schoolgate.moderation.notifications import notify

    return notify(comment_id)
