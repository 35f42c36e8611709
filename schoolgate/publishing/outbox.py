"""Sending outbox items: at most once per channel, and never lost.

Each attempt first claims the item ("sending", attempts + 1) in its own
transaction, then talks to the platform outside any transaction, then
records the result in another. A crash between the platform accepting and the
result being recorded leaves the item "sending"; the next attempt (a retry,
or the sweeper once it is stale) asks the platform for the idempotency key
before publishing, and records the post it finds instead of posting again.

A post's photos go with it as their public renditions (never the originals),
the first `MAX_IMAGES` the platform takes; the item records which went, so a
takedown can find the social posts that show a child's photo.
"""

from __future__ import annotations

import logging
import mimetypes
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import strip_tags

from schoolgate.audit.services import audit_log
from schoolgate.publishing.attachments import post_photos
from schoolgate.publishing.connectors import (
    MAX_IMAGES,
    ConnectorError,
    CredentialsRejected,
    Image,
    Message,
    Remote,
    connector_for,
    staff_error,
)
from schoolgate.publishing.models import Channel, OutboxItem
from schoolgate.publishing.policy import one_way_notice

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# After this many failed attempts in a row a channel counts as broken, even
# while the outbox keeps retrying.
BROKEN_AFTER = 3
# Another worker may still be talking to the platform for this long.
STALE_AFTER = timedelta(minutes=10)
SUMMARY_CHARS = 200
PAUSE_RECHECK = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next attempt: 30 s, 1 min, 2 min, ... up to an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), timedelta(hours=1))


def message_for(item: OutboxItem) -> Message:
    """Return what goes out for an item: title, a short summary, the link, the notice."""
    version = item.version
    summary = " ".join(strip_tags(version.body_html).split())
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"
    link = post_link(item)
    notice = one_way_notice(item.post.school)
    text = "\n\n".join(part for part in (version.title, summary, notice, link) if part)
    images, left_out = images_for(item)
    return Message(item.idempotency_key, version.title, text, link, images, left_out, notice)


def images_for(item: OutboxItem) -> tuple[tuple[Image, ...], int]:
    """Return the photos going out with the item, and how many the platform leaves out.

    Only public renditions (checked, current blur, metadata stripped) of the
    post's photos, in upload order, the first the platform takes: what the
    blog shows, never an original. A withdrawal carries none.
    """
    if item.kind != OutboxItem.Kind.PUBLISH:
        return (), 0
    photos = post_photos().public(item.post)
    limit = MAX_IMAGES.get(item.channel.kind, 4)
    images = []
    for number, photo in enumerate(photos[:limit], start=1):
        with photo.rendition.open("rb") as stored:
            data = stored.read()
        name = (photo.rendition.name or "").rsplit("/", 1)[-1]
        images.append(
            Image(
                name=name,
                data=data,
                alt_text=alt_text(photo, number, len(photos), item.version.title),
                mime_type=mimetypes.guess_type(name)[0] or "image/jpeg",
                photo_id=photo.pk,
            )
        )
    return tuple(images), max(len(photos) - limit, 0)


def alt_text(photo: Any, number: int, count: int, title: str) -> str:
    """Return the photo's alt text as written in the composer.

    Publishing is blocked until every photo has one; the fallback only
    covers a photo published before alt text existed.
    """
    written = (getattr(photo, "alt_text", "") or "").strip()
    return written or f"Photo {number} of {count} from the post \u201c{title}\u201d"


def post_link(item: OutboxItem) -> str:
    """Return the public address of the post on the school's blog."""
    base = getattr(settings, "SCHOOLGATE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    try:
        path = reverse(
            "blog:post", kwargs={"school": item.post.school.slug, "slug": item.post.slug}
        )
    except NoReverseMatch:
        return ""
    return base + path


def _claim(item_id: int, now: datetime) -> tuple[OutboxItem | None, bool]:
    """Mark the item "sending"; return it and whether an earlier attempt may have got through.

    Under the item's row lock, a delivery first passes the send gate: while
    publishing is paused it waits, and when consent or the policy refuses it
    now it is held back (see gate.py). A withdrawal never waits.
    """
    with transaction.atomic():
        item = (
            OutboxItem.objects.select_for_update(of=("self",))
            .select_related("channel", "version", "post__school")
            .get(pk=item_id)
        )
        if item.status in DONE:
            return None, False
        busy = item.status == OutboxItem.Status.SENDING and item.sending_since
        if busy and item.sending_since > now - STALE_AFTER:  # type: ignore[operator]
            return None, False
        if item.kind != OutboxItem.Kind.WITHDRAW and not _passes_gate(item, now):
            return None, False
        resuming = item.attempts > 0
        item.status = OutboxItem.Status.SENDING
        item.attempts += 1
        item.sending_since = now
        item.save(update_fields=["status", "attempts", "sending_since"])
    return item, resuming


DONE = (
    OutboxItem.Status.SENT,
    OutboxItem.Status.WITHDRAWN,
    OutboxItem.Status.FAILED,
    OutboxItem.Status.HELD,
)


def _passes_gate(item: OutboxItem, now: datetime) -> bool:
    """Return whether the delivery may go now; else wait (paused) or hold it (refused)."""
    from schoolgate.publishing.gate import send_refusal
    from schoolgate.publishing.selectors import is_paused

    if is_paused(item.post.school):
        item.status, item.next_attempt_at = OutboxItem.Status.RETRYING, now + PAUSE_RECHECK
        item.last_error, item.sending_since = "Publishing is paused.", None
        item.save(update_fields=["status", "next_attempt_at", "last_error", "sending_since"])
        return False
    refusal = send_refusal(item.post, item.channel, item.version)
    if refusal is None:
        return True
    item.status, item.next_attempt_at = OutboxItem.Status.HELD, None
    item.last_error, item.sending_since = refusal[:500], None
    item.save(update_fields=["status", "next_attempt_at", "last_error", "sending_since"])
    audit_log(
        event="publishing.outbox_held",
        subject=item.post,
        school=item.post.school,
        label=str(item.channel),
        extra={"key": item.idempotency_key, "reason": item.last_error},
    )
    return False


def outbox_send(item_id: int, *, now: datetime | None = None) -> OutboxItem:
    """Send one outbox item once, if the send gate lets it; return it with its new status."""
    now = now or timezone.now()
    item, resuming = _claim(item_id, now)
    if item is None:
        return OutboxItem.objects.get(pk=item_id)
    withdrawal = item.kind == OutboxItem.Kind.WITHDRAW
    message = None
    try:
        if withdrawal:
            remote = _withdraw(item)
        elif item.kind == OutboxItem.Kind.EDIT:
            message = message_for(item)
            remote = _edit(item, message)
        else:
            message = message_for(item)
            connector = connector_for(item.channel)
            # Media uploads may repeat on a retry; the post itself never does.
            found = connector.find(item.idempotency_key) if resuming else None
            remote = found if found is not None else connector.publish(message)
    except Exception as error:  # noqa: BLE001  every failure is recorded and retried
        return _failed(item, error, now)
    return _sent(item, remote, now, message)


class StillSending(ConnectorError):
    """The delivery being withdrawn is on its way; try the withdrawal again later."""


def _withdraw(item: OutboxItem) -> Remote:
    """Take down the delivery a withdrawal names; return what was taken down.

    A delivery not yet made is cancelled instead, under its row lock, so it
    can never go out afterwards. Deleting a post already gone counts as done,
    so a retried withdrawal is harmless.
    """
    assert item.withdraws_id is not None  # a withdrawal names the delivery it takes down
    with transaction.atomic():
        target = OutboxItem.objects.select_for_update(of=("self",)).get(pk=item.withdraws_id)
        if target.status == OutboxItem.Status.SENDING:
            raise StillSending("The post is still being sent; withdrawing it next time.")
        if target.status != OutboxItem.Status.SENT:
            target.status, target.next_attempt_at = OutboxItem.Status.WITHDRAWN, None
            target.save(update_fields=["status", "next_attempt_at"])
            return Remote("cancelled-before-sending")
        remote_id = target.remote_id
    connector_for(item.channel).withdraw(remote_id)
    OutboxItem.objects.filter(pk=target.pk).update(status=OutboxItem.Status.WITHDRAWN)
    return Remote(remote_id)


class NothingToEdit(ConnectorError):
    """The copy an edit corrects is no longer on the platform."""

    retryable = False


def _edit(item: OutboxItem, message: Message) -> Remote:
    """Change the text of the delivery's copy on the platform (setting it twice is harmless)."""
    assert item.edits_id is not None  # an edit names the delivery it corrects
    target = OutboxItem.objects.get(pk=item.edits_id)
    if target.status != OutboxItem.Status.SENT:
        raise NothingToEdit("The post is no longer on the channel, so there is nothing to edit.")
    return connector_for(item.channel).edit(target.remote_id, message)


def _sent(
    item: OutboxItem, remote: Remote, now: datetime, message: Message | None = None
) -> OutboxItem:
    with transaction.atomic():
        item.status = OutboxItem.Status.SENT
        item.remote_id, item.remote_url = remote.id, remote.url
        item.sent_at, item.last_error, item.next_attempt_at = now, "", None
        if message is not None:
            item.images = [image.summary() for image in message.images]
            item.images_left_out = message.images_left_out
        item.save()
        events: dict[str, str] = {
            OutboxItem.Kind.WITHDRAW: "publishing.outbox_withdrawn",
            OutboxItem.Kind.EDIT: "publishing.outbox_edited",
        }
        event = events.get(item.kind, "publishing.outbox_sent")
        audit_log(
            event=event,
            subject=item.post,
            school=item.post.school,
            label=str(item.channel),
            extra={"key": item.idempotency_key, "remote_id": remote.id},
        )
    return item


def _failed(item: OutboxItem, error: Exception, now: datetime) -> OutboxItem:
    retry = getattr(error, "retryable", True) and item.attempts < MAX_ATTEMPTS
    with transaction.atomic():
        item.status = OutboxItem.Status.RETRYING if retry else OutboxItem.Status.FAILED
        item.next_attempt_at = now + backoff(item.attempts) if retry else None
        item.last_error = staff_error(error)[:500]
        log.warning(
            "Outbox item %s to channel %s failed: %r %s",
            item.pk,
            item.channel_id,
            error,
            getattr(error, "detail", ""),
        )
        item.save()
        if isinstance(error, CredentialsRejected) or not retry or item.attempts >= BROKEN_AFTER:
            _mark_broken(item)
        audit_log(
            event="publishing.outbox_failed",
            subject=item.post,
            school=item.post.school,
            label=str(item.channel),
            extra={"key": item.idempotency_key, "error": item.last_error, "retry": retry},
        )
    return item


def _mark_broken(item: OutboxItem) -> None:
    """Show the channel as broken; tell the head once, when it breaks, not on every retry.

    Never fail silently: the dashboard lists broken channels until someone
    reconnects them (storing new credentials sets the channel working again).
    """
    from schoolgate.publishing.notifications import channel_broken

    note = item.last_error[:300]
    newly = Channel.objects.filter(pk=item.channel_id, status=Channel.Status.OK).update(
        status=Channel.Status.BROKEN, status_note=note
    )
    if not newly:
        Channel.objects.filter(pk=item.channel_id).update(status_note=note)
        return
    audit_log(
        event="publishing.channel_broken",
        subject=item.channel,
        school=item.post.school,
        label=str(item.channel),
        extra={"error": note},
    )
    transaction.on_commit(lambda: channel_broken(item.channel_id))


def outbox_due(now: datetime | None = None) -> list[int]:
    """Return the items to (re)send: due retries, lost enqueues and stale "sending"."""
    now = now or timezone.now()
    due = OutboxItem.objects.filter(
        Q(status=OutboxItem.Status.RETRYING, next_attempt_at__lte=now)
        | Q(status=OutboxItem.Status.PENDING, created_at__lte=now - timedelta(minutes=1))
        | Q(status=OutboxItem.Status.SENDING, sending_since__lte=now - STALE_AFTER)
    )
    return list(due.values_list("pk", flat=True))


def outbox_sweep(now: datetime | None = None) -> int:
    """Publish the scheduled posts now due, then queue every item that is due
    or stuck (see `outbox_due`); return how many items.

    Safe to run as often as wanted: an item another worker is still sending
    is left alone by the claim, and a stale one resumes by its key.
    """
    from schoolgate.publishing.services import posts_publish_due
    from schoolgate.publishing.tasks import send_outbox_item

    posts_publish_due(now=now)  # scheduled posts whose time has come
    due = outbox_due(now)
    for item_id in due:
        send_outbox_item.enqueue(item_id)
    return len(due)


#: A delivery still not done this long after it was due counts as stuck work.
STUCK_AFTER = timedelta(minutes=15)


def stuck_items(school: Any, now: datetime | None = None) -> QuerySet[OutboxItem]:
    """Return the school's deliveries and withdrawals that are stuck.

    Stuck: "sending" since before STALE_AFTER, or waiting or due to retry for
    longer than STUCK_AFTER, i.e. what the sweep should already have done.
    """
    now = now or timezone.now()
    return OutboxItem.objects.filter(post__school_id=school.pk).filter(
        Q(status=OutboxItem.Status.SENDING, sending_since__lte=now - STALE_AFTER)
        | Q(status=OutboxItem.Status.PENDING, created_at__lte=now - STUCK_AFTER)
        | Q(status=OutboxItem.Status.RETRYING, next_attempt_at__lte=now - STUCK_AFTER)
    )


def outbox_resend(*, item: OutboxItem, actor: User) -> OutboxItem:
    """Try a failed or held item again on demand (after a channel is reconnected).

    A delivery passes the send gate first, now and again when it is sent.
    The attempt count is kept, so the next attempt first asks the platform
    whether an earlier one got through: a resend never posts twice.
    """
    from schoolgate.publishing.gate import send_refusal
    from schoolgate.publishing.tasks import send_outbox_item

    resendable = (OutboxItem.Status.FAILED, OutboxItem.Status.RETRYING, OutboxItem.Status.HELD)
    with transaction.atomic():
        item = (
            OutboxItem.objects.select_for_update(of=("self",))
            .select_related("post__school", "channel", "version")
            .get(pk=item.pk)
        )
        if item.status not in resendable:
            raise ValidationError("Only an item that failed can be sent again.")
        if item.kind == OutboxItem.Kind.PUBLISH:
            refusal = send_refusal(item.post, item.channel, item.version)
            if refusal:
                raise ValidationError(refusal)
        item.status, item.next_attempt_at = OutboxItem.Status.RETRYING, timezone.now()
        item.save(update_fields=["status", "next_attempt_at"])
        audit_log(
            event="publishing.outbox_resent",
            actor=actor,
            subject=item.post,
            school=item.post.school,
            label=str(item.channel),
            extra={"key": item.idempotency_key},
        )
        transaction.on_commit(lambda: send_outbox_item.enqueue(item.pk))
    return item
