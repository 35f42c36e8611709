"""The one gate between Schoolgate and a social channel.

Every path that puts a post on a channel (publishing, approval, a resend, a
re-share, the demo) queues its delivery through `delivery_queue`, and the
outbox asks `send_refusal` again under the item's row lock at the moment it
sends (first attempt, retries, scheduled sweeps alike). So consent withdrawn
or a policy change between queueing and sending holds the item instead of
posting it. A withdrawal (taking a post down) never passes this gate: taking
down must never wait.

A delivery's idempotency key names the post's version, the channel and the
intent: publishing it, or publishing it again after its `n`-th withdrawal.
Two clicks at once compute the same key, so the unique key decides which
one queues and the other answers with the same delivery.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from schoolgate.publishing.models import Channel, OutboxItem, Post, PostVersion


def send_refusal(post: Post, channel: Channel, version: PostVersion) -> str | None:
    """Return why this version of the post may not go to the channel now, or None.

    Asks, at this moment: is the channel switched on and one of the post's,
    is this the version published, and do the consent and policy checks for
    social media find nothing that blocks it (with the rule's clause).
    """
    if not channel.is_social:
        return "The blog is not sent through the outbox."
    if not channel.is_active:
        return f"{channel} is switched off."
    if post.status != Post.Status.PUBLISHED or post.published_id != version.pk:
        return "This version of the post is no longer published."
    if not post.channels.filter(pk=channel.pk).exists():
        return "The post does not go to that channel."
    off_target = cross_post_refusal(post, channel)
    if off_target:
        return off_target
    blocks = _social_blocks(post, channel, version)
    if blocks:
        first = blocks[0]
        return f"Not sent to {channel}: {first.reason} ({first.source})"
    return None


def cross_post_refusal(post: Post, channel: Channel) -> str | None:
    """Return why the school's policy copies no blog post to the channel, or None.

    Where blog posts are copied on to the social pages (`channels.cross_post`,
    shire "Facebook and Twitter"), they go to the platforms the profile
    names and nowhere else; without the rule, the author's choice stands.
    """
    from schoolgate.publishing.policy import CROSS_POST, cross_post_targets, source_of

    targets = cross_post_targets(post.school)
    if targets is None or channel.kind in targets:
        return None
    names = " and ".join(
        Channel.Kind(t).label for t in sorted(targets) if t in Channel.Kind.values
    )
    return (
        f"Not sent to {channel}: the school's policy copies blog posts to "
        f"{names or 'no social channel'} only ({source_of(post.school, CROSS_POST)})"
    )


def _social_blocks(post: Post, channel: Channel, version: PostVersion) -> list[Any]:
    from schoolgate.publishing.selectors import findings_per_kind

    per_kind = findings_per_kind(
        post.school,
        post.author,
        version.title,
        version.body,
        channels=[channel],
        pupils=list(post.pupils.all()),
        post=post,
    )
    return [f for f in per_kind.get("social", ()) if f.severity == "block"]


def delivery_key(post: Post, channel: Channel, version: PostVersion) -> str:
    """Return the idempotency key of publishing the version on the channel now.

    The same until a delivery of it is withdrawn; after the n-th withdrawal,
    publishing it again is a new intent with its own key ("-r<n>").
    """
    base = f"sg-{post.pk}-{channel.pk}-{version.content_hash[:16]}"
    withdrawn = OutboxItem.objects.filter(
        post=post,
        channel=channel,
        version=version,
        kind=OutboxItem.Kind.PUBLISH,
        status=OutboxItem.Status.WITHDRAWN,
    ).count()
    return f"{base}-r{withdrawn}" if withdrawn else base


def delivery_queue(*, post: Post, channel: Channel) -> tuple[OutboxItem, bool]:
    """Queue the post's published version for the channel, once.

    Return the delivery and whether it is new; an existing one (a repeat
    click, a publish already queued) is returned as it is. Raise
    ValidationError with the reason when the gate refuses. Call inside a
    transaction that holds the post's row lock, so the withdrawn count the
    key is made from cannot change underneath.
    """
    from schoolgate.publishing.tasks import send_outbox_item

    version = post.published
    if version is None:
        raise ValidationError("Only a published post can be sent to a channel.")
    refusal = send_refusal(post, channel, version)
    if refusal:
        raise ValidationError(refusal)
    # get_or_create retries the read after losing the race on the unique key.
    item, created = OutboxItem.objects.get_or_create(
        idempotency_key=delivery_key(post, channel, version),
        defaults={"post": post, "channel": channel, "version": version},
    )
    if created:
        transaction.on_commit(lambda: send_outbox_item.enqueue(item.pk))
    return item, created


def edit_queue(*, post: Post, delivery: OutboxItem) -> tuple[OutboxItem, bool]:
    """Queue editing a delivery already on its platform to the post's published version.

    For a correction, on a platform that allows editing (connectors'
    `abilities`). The edit passes this gate now and again when it is sent,
    like a delivery; its key names the delivery and the version it brings,
    so approving the same correction twice edits once. Call under the
    post's row lock.
    """
    from schoolgate.publishing.tasks import send_outbox_item

    version = post.published
    if version is None or delivery.status != OutboxItem.Status.SENT:
        raise ValidationError("Only a post already on a channel can be edited there.")
    refusal = send_refusal(post, delivery.channel, version)
    if refusal:
        raise ValidationError(refusal)
    item, created = OutboxItem.objects.get_or_create(
        idempotency_key=f"{delivery.idempotency_key}-e{version.content_hash[:12]}",
        defaults={
            "post": post,
            "channel": delivery.channel,
            "version": version,
            "kind": OutboxItem.Kind.EDIT,
            "edits": delivery,
        },
    )
    if created:
        transaction.on_commit(lambda: send_outbox_item.enqueue(item.pk))
    return item, created
