"""Correcting a published post: its words on every channel, and its face tags.

A correction is a new version of a published post (see `services.post_edit`),
checked and approved like the first; the published version stays public
meanwhile. Once approved it replaces the old one on the blog, and on each
social channel it is either edited in place, where the platform allows it
(connectors' `abilities`), or the old copy is withdrawn and the new one
posted: the post's page says which beforehand (`correction_plan`). Edits and
new deliveries pass the send gate (gate.py); withdrawals never wait.

A face tag can be corrected after publishing (the wrong one of two pupils
with the same name): consent is asked again for the pupil now tagged, and
where it fails the post is taken down from those channels like any takedown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from schoolgate.audit.services import audit_log
from schoolgate.core.permissions import can
from schoolgate.people.models import Pupil
from schoolgate.publishing.attachments import post_photos
from schoolgate.publishing.connectors import abilities
from schoolgate.publishing.gate import delivery_queue, edit_queue
from schoolgate.publishing.models import Channel, OutboxItem, Post, Takedown
from schoolgate.publishing.takedowns import pupil_takedown, withdrawal_queue

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def _live_deliveries(post: Post) -> dict[int, list[OutboxItem]]:
    """Return each channel's deliveries of the post still on it (or on their way), newest first."""
    live = (
        OutboxItem.objects.select_for_update(of=("self",))
        .filter(post=post, kind=OutboxItem.Kind.PUBLISH, withdrawal__isnull=True)
        .exclude(status=OutboxItem.Status.WITHDRAWN)
        .select_related("channel")
        .order_by("-pk")
    )
    found: dict[int, list[OutboxItem]] = defaultdict(list)
    for delivery in live:
        found[delivery.channel_id].append(delivery)
    return found


def edits_in_place(delivery: OutboxItem) -> bool:
    """Return whether a correction can change this delivery's copy in place."""
    return (
        delivery.status == OutboxItem.Status.SENT and abilities(delivery.channel.kind).edit_posts
    )


def correct_on_channels(post: Post, social: Sequence[Channel]) -> list[OutboxItem]:
    """Bring each social channel to the post's newly published version.

    Call from `post_publish`, under the post's row lock. A copy already on a
    platform that allows editing is edited; any other copy (a platform with
    no edit, or one not sent yet) is withdrawn and the new version queued;
    a channel the post had not reached gets it; and a copy on a channel the
    post no longer goes to (social media withheld now) is withdrawn.
    """
    live = _live_deliveries(post)
    items = []
    for channel in social:
        deliveries = live.pop(channel.pk, [])
        newest, older = (deliveries[0], deliveries[1:]) if deliveries else (None, [])
        for delivery in older:
            withdrawal_queue(delivery)
        if newest is not None and edits_in_place(newest):
            items.append(edit_queue(post=post, delivery=newest)[0])
            continue
        if newest is not None:
            withdrawal_queue(newest)
        items.append(delivery_queue(post=post, channel=channel)[0])
    for deliveries in live.values():
        for delivery in deliveries:
            withdrawal_queue(delivery)
    return items


@dataclass(frozen=True)
class ChannelPlan:
    """What approving a correction does on one channel, said beforehand."""

    channel: Channel
    action: str


def correction_plan(post: Post) -> list[ChannelPlan]:
    """Return, for each social channel, what happens there when the correction goes out."""
    deliveries = (
        post.outbox.filter(kind=OutboxItem.Kind.PUBLISH, withdrawal__isnull=True)
        .exclude(status=OutboxItem.Status.WITHDRAWN)
        .select_related("channel")
        .order_by("-pk")
    )
    newest: dict[int, OutboxItem] = {}
    for sent in deliveries:
        newest.setdefault(sent.channel_id, sent)
    plans = []
    for channel in post.channels.filter(is_active=True).exclude(kind=Channel.Kind.BLOG):
        delivery = newest.get(channel.pk)
        kind = channel.get_kind_display()
        if delivery is None:
            action = "posted there (it has not reached it yet)."
        elif edits_in_place(delivery):
            action = f"edited in place ({kind} allows editing; its photos stay as they are)."
        else:
            action = (
                f"the old post is deleted and the correction posted again ({kind} does not "
                "let Schoolgate edit a post); its likes and replies are lost."
            )
        plans.append(ChannelPlan(channel, action))
    return plans


# ---------------------------------------------------------------------------
# Face tags after publishing
# ---------------------------------------------------------------------------


def may_correct(actor: User, post: Post) -> bool:
    """Return whether the actor may correct a published post's face tags or withdraw it:
    its author, or those who take posts down (the profile's approvers)."""
    if post.author_id == actor.pk:
        return can(actor, "publishing.compose", post.school)
    return can(actor, "publishing.take_down", post.school)


def lost_uses(face: Any, post: Post) -> list[str]:
    """Return the uses of the post ("blog", "social") the face's pupil has no consent for."""
    return post_photos().lost_uses(face, post)


def face_retag(*, face: Any, pupil: Pupil, actor: User) -> Takedown | None:
    """Tag a face of a published post to another pupil, and ask consent again.

    If the pupil now tagged has no consent for some of the post's channels,
    the post is taken down from those (their face blurred on the blog, the
    social copies carrying the photo withdrawn), as for consent withdrawn;
    return that takedown, else None. The pupil tagged before is no longer
    shown the post.
    """
    post = face.photo.post
    if not may_correct(actor, post):
        raise PermissionDenied("Only the post's author or an approver corrects its face tags.")
    if post.status != Post.Status.PUBLISHED:
        raise ValidationError("Only a published post's tags are corrected here.")
    if pupil.school_id != post.school_id:
        raise ValidationError("Only the school's own pupils can be tagged.")
    if face.pupil_id == pupil.pk:
        raise ValidationError("The face is already tagged to that pupil.")
    before = face.pupil
    with transaction.atomic():
        post = (
            Post.objects.select_for_update(of=("self",)).select_related("school").get(pk=post.pk)
        )
        blurred = post_photos().retag(face=face, pupil=pupil, actor=actor)
        if before is not None and post.pupils.filter(pk=before.pk).exists():
            post.pupils.remove(before)
            post.pupils.add(pupil)
        lost = [] if blurred else lost_uses(face, post)
        audit_log(
            event="publishing.face_retagged",
            actor=actor,
            subject=post,
            school=post.school,
            label=post.title,
            extra={
                "face": face.pk,
                "from": before.pk if before else None,
                "to": pupil.pk,
                "no_consent_for": lost,
            },
        )
        if not lost:
            return None
        return pupil_takedown(
            pupil=pupil, uses=lost, reason=Takedown.Reason.RETAG, actor=actor, only_post=post
        )


def tagged_faces(post: Post) -> list[Any]:
    """Return the faces of the post's photos tagged to a pupil, in photo order."""
    return post_photos().tagged_faces(post)
