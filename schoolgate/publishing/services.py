"""Changes to channels and posts: each in one transaction, validated and audited."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import markdown
import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from schoolgate.audit.services import audit_log
from schoolgate.core.permissions import require
from schoolgate.people.models import Pupil, School, Trust
from schoolgate.policy.engine import Decision
from schoolgate.publishing.attachments import post_photos
from schoolgate.publishing.crypto import seal_credentials
from schoolgate.publishing.gate import cross_post_refusal, delivery_queue
from schoolgate.publishing.models import (
    Approval,
    Audience,
    Channel,
    Correction,
    OutboxItem,
    Post,
    PostVersion,
    PublishingPause,
    Tag,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "pre", "hr",
}  # fmt: skip


def render_markdown(body: str) -> str:
    """Return the post body as safe HTML: Markdown, then an allow-list sanitiser."""
    html = markdown.markdown(body, extensions=["sane_lists"])
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener nofollow"
    )


# ---------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------


def channel_create(
    *,
    school: School,
    kind: str,
    name: str,
    actor: User,
    handle: str = "",
    audience: str = Audience.PUBLIC,
    audience_value: str = "",
    owner: Any = None,
    credentials: dict[str, Any] | None = None,
    is_active: bool = True,
) -> Channel:
    """Add a channel to the school; credentials are stored encrypted.

    Raise ActionDenied unless the actor may add channels, on a platform the
    school's policy lists (`publishing.add_channel`).
    """
    with transaction.atomic():
        channel = Channel(
            school=school,
            kind=kind,
            name=name,
            handle=handle,
            audience=audience,
            audience_value=audience_value,
            is_active=is_active,
            owner=owner or actor,
            credentials_encrypted=seal_credentials(credentials or {}),
        )
        require(actor, "publishing.add_channel", channel)
        channel.full_clean()
        channel.save()
        audit_log(
            event="publishing.channel_created",
            actor=actor,
            subject=channel,
            school=school,
            label=str(channel),
            extra={"kind": kind, "audience": audience},
        )
    return channel


def channel_set_credentials(
    *, channel: Channel, credentials: dict[str, Any], actor: Actor
) -> None:
    """Replace a channel's credentials; the audit entry never holds them."""
    with transaction.atomic():
        channel.credentials_encrypted = seal_credentials(credentials)
        channel.status, channel.status_note = Channel.Status.OK, ""
        channel.save(
            update_fields=["credentials_encrypted", "status", "status_note", "updated_at"]
        )
        audit_log(
            event="publishing.channel_credentials_set",
            actor=actor,
            subject=channel,
            school=channel.school,
            label=str(channel),
            extra={"fields": sorted(credentials)},
        )


# ---------------------------------------------------------------------------
# Posts and versions
# ---------------------------------------------------------------------------


def content_hash(
    *,
    title: str,
    body: str,
    channels: Iterable[int],
    tags: Iterable[str],
    pupils: Iterable[int],
    audience: str,
    audience_value: str,
    public_reason: str = "",
    speaks_for_school: bool = False,
) -> str:
    """Return the hash of everything an approval vouches for.

    A public post's reason and a statement's mark count only when present,
    so the hashes of posts without them stay as they were.
    """
    data: dict[str, Any] = {
        "title": title,
        "body": body,
        "channels": sorted(channels),
        "tags": sorted(tags),
        "pupils": sorted(pupils),
        "audience": [audience, audience_value],
    }
    if public_reason:
        data["public_reason"] = public_reason
    if speaks_for_school:
        data["speaks_for_school"] = True
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def approval_hash(post: Post) -> str:
    """Return the hash an approval of the post as it stands vouches for.

    The current version's hash, and, for a post with photos, the photos'
    state (which photos, each face's accounting): a re-tag or a blur after
    approval needs approving again. Without photos it is the version's hash.
    """
    version = post.current.content_hash if post.current else ""
    photos = post_photos().digest(post)
    if not photos:
        return version
    return hashlib.sha256(f"{version}:{photos}".encode()).hexdigest()


# Paths of the blog that a post's slug must not shadow (see blog_urls).
RESERVED_SLUGS = frozenset({"for-parents", "tag", "rss", "atom"})


def unique_slug(school: School, title: str) -> str:
    base = slugify(title)[:60] or "post"
    if base in RESERVED_SLUGS:
        base = f"{base}-news"
    slug, n = base, 1
    while Post.objects.filter(school=school, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _tags(school: School, names: Sequence[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag, _ = Tag.objects.get_or_create(
            school=school, slug=slugify(name)[:60], defaults={"name": name[:60]}
        )
        tags.append(tag)
    return tags


def post_create(
    *,
    school: School,
    title: str,
    body: str,
    actor: User,
    channels: Sequence[Channel] = (),
    tags: Sequence[str] = (),
    pupils: Sequence[Pupil] = (),
    audience: str = Audience.PUBLIC,
    audience_value: str = "",
    public_reason: str = "",
    speaks_for_school: bool = False,
) -> Post:
    """Start a post (a draft) with its first version."""
    with transaction.atomic():
        post = Post(
            school=school,
            author=actor,
            slug=unique_slug(school, title),
            audience=audience,
            audience_value=audience_value,
            public_reason=public_reason.strip(),
            speaks_for_school=speaks_for_school,
        )
        post.full_clean()
        post.save()
        save_content(post, title, body, channels, tags, pupils, actor)
        audit_log(
            event="publishing.post_created", actor=actor, subject=post, school=school, label=title
        )
    return post


def post_edit(
    *,
    post: Post,
    title: str,
    body: str,
    actor: User,
    channels: Sequence[Channel] = (),
    tags: Sequence[str] = (),
    pupils: Sequence[Pupil] = (),
    audience: str | None = None,
    audience_value: str | None = None,
    public_reason: str | None = None,
    speaks_for_school: bool | None = None,
) -> PostVersion:
    """Save an edit as a new version; any approval given before no longer applies.

    Editing a published post writes a correction: a new version of its words
    that goes through the same checks and approval, while the published
    version stays public until the correction is approved (see
    `post_publish`). Where it goes, its tags and pupils stay as published.
    """
    with transaction.atomic():
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("published")
            .get(pk=post.pk)
        )
        correcting = post.status == Post.Status.PUBLISHED
        if correcting:
            _same_reach(post, channels, tags, pupils, audience, audience_value)
        elif audience is not None:
            post.audience, post.audience_value = audience, audience_value or ""
        # A correction keeps the published post's reach and framing.
        if public_reason is not None and not correcting:
            post.public_reason = public_reason.strip()
        if speaks_for_school is not None and not correcting:
            post.speaks_for_school = speaks_for_school
        before = post.current.content_hash if post.current else ""
        version = save_content(post, title, body, channels, tags, pupils, actor)
        if correcting:
            post.correction = Correction.DRAFT
            if post.published and version.content_hash == post.published.content_hash:
                post.current, post.correction = post.published, ""  # back as published
        elif version.content_hash != before and post.status in (
            Post.Status.SUBMITTED,
            Post.Status.APPROVED,
            Post.Status.REJECTED,
            Post.Status.EXPIRED,
        ):
            post_status_set(post, Post.Status.DRAFT, publish_at=None, schedule_held="")
        post.expiry_warned_at = None  # an edit starts the draft's time again
        post.full_clean()
        post.save()
        audit_log(
            event="publishing.post_edited",
            actor=actor,
            subject=post,
            school=post.school,
            label=title,
            extra={"version": version.number},
        )
    return version


def _same_reach(
    post: Post,
    channels: Sequence[Channel],
    tags: Sequence[str],
    pupils: Sequence[Pupil],
    audience: str | None,
    audience_value: str | None,
) -> None:
    """Refuse a correction that changes where a published post goes or whom it tags."""
    same = (
        {c.pk for c in channels} == set(post.channels.values_list("pk", flat=True))
        and {p.pk for p in pupils} == set(post.pupils.values_list("pk", flat=True))
        and {slugify(t)[:60] for t in tags if t.strip()}
        == set(post.tags.values_list("slug", flat=True))
        and (
            audience is None
            or (audience, audience_value or "") == (post.audience, post.audience_value)
        )
    )
    if not same:
        raise ValidationError(
            "A correction changes the words of a published post. To change where it goes, "
            "its tags or its pupils, take it down and write a new post."
        )


def save_content(
    post: Post,
    title: str,
    body: str,
    channels: Sequence[Channel],
    tags: Sequence[str],
    pupils: Sequence[Pupil],
    actor: User,
) -> PostVersion:
    if any(c.school_id != post.school_id for c in channels):
        raise ValidationError("A post goes only to its own school's channels.")
    if any(p.school_id != post.school_id for p in pupils):
        raise ValidationError("Only the school's own pupils can be tagged.")
    tag_objects = _tags(post.school, tags)
    post.channels.set(channels)
    post.tags.set(tag_objects)
    post.pupils.set(pupils)
    digest = content_hash(
        title=title,
        body=body,
        channels=[c.pk for c in channels],
        tags=[t.slug for t in tag_objects],
        pupils=[p.pk for p in pupils],
        audience=post.audience,
        audience_value=post.audience_value,
        public_reason=post.public_reason,
        speaks_for_school=post.speaks_for_school,
    )
    if post.current and post.current.content_hash == digest:
        return post.current
    number = (post.current.number if post.current else 0) + 1
    version = PostVersion(
        post=post,
        number=number,
        title=title,
        body=body,
        body_html=render_markdown(body),
        content_hash=digest,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    post.current = version
    post.save(update_fields=["current", "updated_at"])
    return version


# ---------------------------------------------------------------------------
# Approval and publishing
# ---------------------------------------------------------------------------


def _record_decision(version: PostVersion, decision: Decision) -> None:
    version.outcome = decision.outcome
    version.findings = [f.as_dict() for f in decision.findings]
    version.save(update_fields=["outcome", "findings"])


def _locked(post: Post) -> Post:
    """Return the post again, locked until the transaction ends, with its version and school."""
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("current", "school")
        .get(pk=post.pk)
    )


def post_status_set(post: Post, status: str, **fields: Any) -> None:
    """Set the post's status (and the fields that go with it), validated, and save them.

    The one place a post's status changes: sending on, approving, sending
    back, publishing, lapsing, editing, taking down and the demo all come here.
    """
    post.status = status
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean()
    post.save(update_fields=["status", *fields, "updated_at"])


def _move(post: Post, status: str, *, event: str, actor: Actor, extra: dict[str, Any]) -> None:
    """Set the post's status and audit the move, inside the caller's transaction."""
    post_status_set(post, status)
    audit_log(
        event=event, actor=actor, subject=post, school=post.school, label=post.title, extra=extra
    )


def post_submit(*, post: Post, actor: User) -> Post:
    """Send a post on: published at once where the author may, else for approval.

    A post the checks block goes nowhere; the findings say why.
    """
    from schoolgate.publishing.notifications import approval_requested
    from schoolgate.publishing.selectors import check_post, post_publishes_directly

    if post.author_id != actor.pk:
        raise PermissionDenied("Only the author sends a post on.")
    require(actor, "publishing.publish", post.school)
    if post.status == Post.Status.PUBLISHED:
        return _correction_submit(post, actor)
    decision = check_post(post)
    if decision.outcome == "block":
        _record_decision(post.current, decision)  # type: ignore[arg-type]
        raise ValidationError(decision.summary)
    if decision.outcome == "allow" and post_publishes_directly(actor, post):
        return post_publish(post=post, actor=actor)
    with transaction.atomic():
        _record_decision(post.current, decision)  # type: ignore[arg-type]
        _move(
            post,
            Post.Status.SUBMITTED,
            event="publishing.post_submitted",
            actor=actor,
            extra={"version": post.current.number},  # type: ignore[union-attr]
        )
        transaction.on_commit(lambda: approval_requested(post.pk))
    return post


def _correction_submit(post: Post, actor: User) -> Post:
    """Send a correction on: out at once where the author publishes directly, else for approval."""
    from schoolgate.publishing.notifications import approval_requested
    from schoolgate.publishing.selectors import check_post, post_publishes_directly

    if post.correction not in (Correction.DRAFT, Correction.REJECTED):
        raise ValidationError("There is no correction to send on: edit the post first.")
    decision = check_post(post)
    _record_decision(post.current, decision)  # type: ignore[arg-type]
    if decision.outcome == "block":
        raise ValidationError(decision.summary)
    if decision.outcome == "allow" and post_publishes_directly(actor, post):
        return post_publish(post=post, actor=actor)
    with transaction.atomic():
        post.correction = Correction.SUBMITTED
        post.save(update_fields=["correction", "updated_at"])
        audit_log(
            event="publishing.correction_submitted",
            actor=actor,
            subject=post,
            school=post.school,
            label=post.title,
            extra={"version": post.current.number},  # type: ignore[union-attr]
        )
        transaction.on_commit(lambda: approval_requested(post.pk))
    return post


def is_correction(post: Post) -> bool:
    """Return whether the post is published with a correction written or waiting."""
    return post.status == Post.Status.PUBLISHED and bool(post.correction)


def _ensure_approvable(post: Post, actor: User) -> None:
    """Refuse unless the post waits for a decision and the actor may approve it."""
    from schoolgate.publishing.selectors import APPROVABLE, NOT_WAITING, approval_action

    if post.status not in APPROVABLE and not is_correction(post):
        raise PermissionDenied(NOT_WAITING)
    require(actor, approval_action(post), post)


def post_approve(
    *, post: Post, content_hash: str, actor: User, publish_at: datetime | None = None
) -> Post:
    """Approve the exact version the approver saw, then publish it, now or at `publish_at`.

    A scheduled post waits, approved, until the outbox sweep publishes it
    when due (`posts_publish_due`), through the same checks and send gate.
    A correction always goes out at once.
    """
    from schoolgate.publishing.selectors import check_post

    with transaction.atomic():
        post = _locked(post)
        _ensure_approvable(post, actor)
        if post.current is None or approval_hash(post) != content_hash:
            raise ValidationError("The post changed after you opened it: look at it again.")
        if is_correction(post) and post.correction != Correction.SUBMITTED:
            raise ValidationError("The author has not sent this correction on yet.")
        decision = check_post(post)
        if decision.outcome == "block":
            raise ValidationError(decision.summary)
        Approval.objects.create(
            post=post,
            version=post.current,
            content_hash=content_hash,
            decided_by=actor,
            decision=Approval.Decision.APPROVED,
        )
        extra: dict[str, Any] = {"version": post.current.number, "hash": content_hash}
        if is_correction(post):
            audit_log(
                event="publishing.correction_approved",
                actor=actor,
                subject=post,
                school=post.school,
                label=post.title,
                extra=extra,
            )
            publish_at = None
        else:
            later = publish_at is not None and publish_at > timezone.now()
            post.publish_at = publish_at if later else None
            post.schedule_held = ""
            post.save(update_fields=["publish_at", "schedule_held", "updated_at"])
            if later:
                extra["publish_at"] = publish_at.isoformat()  # type: ignore[union-attr]
            _move(
                post,
                Post.Status.APPROVED,
                event="publishing.post_approved",
                actor=actor,
                extra=extra,
            )
            if later:
                return post
    return post_publish(post=post, actor=actor)


def post_reject(*, post: Post, reason: str, actor: User) -> Post:
    """Send a post back to its author with the reason."""
    if not reason.strip():
        raise ValidationError("Say why the post is going back.")
    with transaction.atomic():
        post = _locked(post)
        _ensure_approvable(post, actor)
        assert post.current is not None  # a post waiting for a decision has a version
        Approval.objects.create(
            post=post,
            version=post.current,
            content_hash=approval_hash(post),
            decided_by=actor,
            decision=Approval.Decision.REJECTED,
            reason=reason.strip(),
        )
        if is_correction(post):
            # The published version stays public; the correction goes back.
            post.correction = Correction.REJECTED
            post.save(update_fields=["correction", "updated_at"])
            audit_log(
                event="publishing.correction_rejected",
                actor=actor,
                subject=post,
                school=post.school,
                label=post.title,
                extra={"reason": reason.strip()},
            )
            return post
        _move(
            post,
            Post.Status.REJECTED,
            event="publishing.post_rejected",
            actor=actor,
            extra={"reason": reason.strip()},
        )
    return post


def post_publish(*, post: Post, actor: Actor) -> Post:
    """Publish the current version: on the blog, and one outbox item per social channel.

    Refused while publishing is paused, when the checks block, or when the
    author must have approval and the current version has none.
    """
    from schoolgate.publishing.blog import blog_changed
    from schoolgate.publishing.selectors import (
        check_post,
        is_paused,
        post_publishes_directly,
        withheld_kinds,
    )

    with transaction.atomic():
        post = _locked(post)
        if is_paused(post.school):
            raise ValidationError("Publishing is paused for this school.")
        version = post.current
        assert version is not None
        decision = check_post(post)
        _record_decision(version, decision)
        if decision.outcome == "block":
            raise ValidationError(decision.summary)
        approved = post.approvals.filter(
            content_hash=approval_hash(post), decision=Approval.Decision.APPROVED
        ).exists()
        direct = decision.outcome == "allow" and post_publishes_directly(post.author, post)
        if not (approved or direct):
            raise ValidationError("This version of the post has not been approved.")
        correcting = post.status == Post.Status.PUBLISHED and post.published_id != version.pk
        post_status_set(
            post,
            Post.Status.PUBLISHED,
            published=version,
            published_at=post.published_at or timezone.now(),
            correction="",
            publish_at=None,
            schedule_held="",
        )
        # A pupil without social-media consent keeps the post off social media;
        # each channel still passes the send gate (see gate.py).
        social = post.channels.filter(is_active=True).exclude(kind=Channel.Kind.BLOG)
        if "social" in withheld_kinds(post):
            social = social.none()
        # The profile's cross-posting targets decide which of them a blog post reaches.
        reached = [c for c in social if cross_post_refusal(post, c) is None]
        if correcting:
            from schoolgate.publishing.corrections import correct_on_channels

            items = correct_on_channels(post, reached)
        else:
            items = [delivery_queue(post=post, channel=channel)[0] for channel in reached]
        audit_log(
            event="publishing.post_corrected" if correcting else "publishing.post_published",
            actor=actor,
            subject=post,
            school=post.school,
            label=version.title,
            extra={"version": version.number, "channels": [i.channel_id for i in items]},
        )
        transaction.on_commit(lambda: blog_changed(post.school))
    return post


def outbox_key(post: Post, channel: Channel, version: PostVersion) -> str:
    """Return the idempotency key of the first delivery of a version on a channel."""
    return f"sg-{post.pk}-{channel.pk}-{version.content_hash[:16]}"


# ---------------------------------------------------------------------------
# Pause
# ---------------------------------------------------------------------------


def publishing_pause(
    *, actor: User, reason: str, school: School | None = None, trust: Trust | None = None
) -> PublishingPause:
    """Stop all publishing for a school, or for every school of a trust."""
    if (school is None) == (trust is None):
        raise ValueError("pause either a school or a trust")
    trust = trust or school.trust  # type: ignore[union-attr]
    with transaction.atomic():
        pause = PublishingPause(trust=trust, school=school, reason=reason, paused_by=actor)
        pause.full_clean()
        pause.save()
        audit_log(
            event="publishing.paused",
            actor=actor,
            subject=pause,
            school=school,
            label=reason,
            extra={"scope": "school" if school else "trust"},
        )
    return pause


def publishing_resume(*, pause: PublishingPause, actor: User) -> None:
    """Lift a pause."""
    with transaction.atomic():
        pause.lifted_at, pause.lifted_by = timezone.now(), actor
        pause.save(update_fields=["lifted_at", "lifted_by"])
        audit_log(
            event="publishing.resumed", actor=actor, subject=pause, school=pause.school, label=""
        )


# ---------------------------------------------------------------------------
# Re-sharing to a channel
# ---------------------------------------------------------------------------

RESENDABLE = (OutboxItem.Status.FAILED, OutboxItem.Status.RETRYING, OutboxItem.Status.HELD)


def post_reshare(*, post: Post, channel: Channel, actor: User) -> OutboxItem:
    """Send a published post to one of its channels again, on demand.

    Through the send gate, so consent and the policy are asked again. A
    delivery that failed or was held is retried (asking the platform first,
    so it never posts twice); one that was withdrawn, or never made, gets a
    new delivery. A repeat (a second click, or a channel the post already
    reached) answers with the existing delivery: its key is taken under the
    post's row lock and is unique.
    """
    from schoolgate.publishing.outbox import outbox_resend

    with transaction.atomic():
        post = _locked(post)
        if post.status != Post.Status.PUBLISHED or post.published is None:
            raise ValidationError("Only a published post can be re-shared.")
        if not channel.is_social or not post.channels.filter(pk=channel.pk).exists():
            raise ValidationError("The post does not go to that channel.")
        item, created = delivery_queue(post=post, channel=channel)
        if not created:
            if item.status in RESENDABLE:
                return outbox_resend(item=item, actor=actor)
            return item
        audit_log(
            event="publishing.post_reshared",
            actor=actor,
            subject=post,
            school=post.school,
            label=str(channel),
            extra={"key": item.idempotency_key},
        )
    return item


# ---------------------------------------------------------------------------
# Scheduled posts
# ---------------------------------------------------------------------------


def posts_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every approved post whose chosen time has come; return their ids.

    Run by the outbox sweep. Each goes through `post_publish`, so the checks
    ask consent again now, and each delivery passes the send gate when it
    is sent: consent withdrawn since approval holds the post (the reason is
    kept and shown) instead of sending it. While publishing is paused a due
    post waits.
    """
    from schoolgate.publishing.selectors import is_paused

    now = now or timezone.now()
    due = Post.objects.filter(
        status=Post.Status.APPROVED, publish_at__lte=now, schedule_held=""
    ).select_related("school")
    published = []
    for post in due:
        if is_paused(post.school):
            continue
        try:
            post_publish(post=post, actor=None)
        except ValidationError as error:
            _hold_scheduled(post, " ".join(error.messages))
        else:
            published.append(post.pk)
    return published


def _hold_scheduled(post: Post, reason: str) -> None:
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(schedule_held=reason[:500] or "Held back.")
        audit_log(
            event="publishing.schedule_held",
            actor=None,
            subject=post,
            school=post.school,
            label=post.title,
            extra={"reason": reason[:500]},
        )


# ---------------------------------------------------------------------------
# Unapproved drafts lapse
# ---------------------------------------------------------------------------

UNAPPROVED = (Post.Status.DRAFT, Post.Status.SUBMITTED, Post.Status.REJECTED)
# The author is told this long before a draft lapses.
LAPSE_NOTICE = timedelta(days=3)


@dataclass
class LapseReport:
    warned: list[int] = field(default_factory=list)
    lapsed: list[int] = field(default_factory=list)


def posts_lapse(*, now: datetime | None = None, dry_run: bool = False) -> LapseReport:
    """Tell authors of drafts about to lapse, and lapse those left unapproved too long.

    The age limit is the profile's (publishing.approval draft_expiry_days),
    counted from the last change. Safe to run as often as wanted: each
    warning is sent once per draft, and a lapsed draft is left alone.
    """
    from schoolgate.publishing.policy import draft_expiry_days

    now = now or timezone.now()
    report = LapseReport()
    for school in School.objects.filter(posts__status__in=UNAPPROVED).distinct():
        days = draft_expiry_days(school)
        limit = now - timedelta(days=days)
        waiting = Post.objects.filter(school=school, status__in=UNAPPROVED)
        for post in waiting.filter(updated_at__lte=limit):
            report.lapsed.append(post.pk)
            if not dry_run:
                _lapse(post, days)
        soon = waiting.filter(updated_at__lte=limit + LAPSE_NOTICE, expiry_warned_at__isnull=True)
        for post in soon.exclude(pk__in=report.lapsed):
            report.warned.append(post.pk)
            if not dry_run:
                _warn_lapse(post, now)
    return report


def _lapse(post: Post, days: int) -> None:
    from schoolgate.publishing.notifications import draft_lapsed

    with transaction.atomic():
        post = _locked(post)
        if post.status not in UNAPPROVED:
            return
        _move(
            post,
            Post.Status.EXPIRED,
            event="publishing.post_lapsed",
            actor=None,
            extra={"days": days},
        )
        transaction.on_commit(lambda: draft_lapsed(post.pk, lapsed=True))


def _warn_lapse(post: Post, now: datetime) -> None:
    from schoolgate.publishing.notifications import draft_lapsed

    updated = Post.objects.filter(pk=post.pk, expiry_warned_at__isnull=True).update(
        expiry_warned_at=now
    )
    if updated:
        transaction.on_commit(lambda: draft_lapsed(post.pk, lapsed=False))
