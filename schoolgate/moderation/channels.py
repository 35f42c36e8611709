"""Comments from the school's external channels, in the same queue (C4.6).

For each post the outbox sent to one of a school's active social channels,
the channel's connector is asked for the comments under it; each new one is
triaged and stored through `comment_submit`, once per remote comment id, so
running the fetch again stores nothing twice. A channel that fails is left
for the next run: nothing is marked as fetched, so nothing is lost.

Held until approved, on the platform too where it allows (C4.1, C4.6): a
new comment is hidden on Facebook Pages (`is_hidden`) and X (hidden reply)
as it arrives, and shown again there when a moderator approves it; on a
channel the policy does not hold (`moderation.hold_all:channels`, shire:
the blog only), only a comment triage flags is hidden meanwhile.
Bluesky and Mastodon cannot hide a reply, so there it stays visible until
someone decides, and the queue says so (`selectors.platform_visibility`).

Moderators' decisions go back to the platform as far as it allows: a
rejected comment is hidden there, a deleted one deleted, a blocked
commenter blocked; an approved one shown. A platform that refused an action
is asked again when the comment shows up in a later fetch; the comment's
`platform_hidden` records what the platform last confirmed.

A commenter block lapses by itself in Schoolgate, but the platform keeps
its own: `platform_blocks_lift` (run by `fetch_comments`, idempotent)
unblocks the account on Facebook Pages, Bluesky and Mastodon once the block
has ended, lapsed or lifted early, unless another block of it is in force.
X's API cannot block or unblock; the sanctions page tells the head so.

A channel whose transport is "simulated" (the demo trust's, made by the demo
loader) speaks through `DemoChannelConnector` until it goes live, which feeds
a few parents' comments under every post, the same few for the same post and
kind of channel however often it is sent; a channel a school adds never does.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from schoolgate.audit.services import audit_log
from schoolgate.moderation.models import Comment
from schoolgate.moderation.selectors import held_on_platform
from schoolgate.moderation.services import CommentRefused, comment_submit
from schoolgate.moderation.triaging import triage_for_school
from schoolgate.people.models import School
from schoolgate.publishing import connectors
from schoolgate.publishing.connectors import (
    ConnectorError,
    LocalOutbox,
    abilities,
    sends_live,
)
from schoolgate.publishing.models import Channel, LocalDelivery, OutboxItem, Post

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

logger = logging.getLogger(__name__)

# Where the model's fields stop; a platform may allow longer.
NAME_LENGTH = Comment._meta.get_field("name").max_length
TEXT_LENGTH = Comment._meta.get_field("text").max_length
DEMO_FETCH_DELAY = dt.timedelta(seconds=20)
NO_TEXT = "(No text: an image, a sticker or a reaction.)"


# ---------------------------------------------------------------------------
# Which connector reads a channel's comments
# ---------------------------------------------------------------------------


def comment_connector_for(channel: Channel) -> connectors.Connector:
    """Return the connector that reads and acts on the channel's comments."""
    if not sends_live(channel) and channel.transport == Channel.Transport.SIMULATED:
        return DemoChannelConnector(channel)
    return connectors.connector_for(channel)


# The demo's parents and what they write: a varied pool, from which each post
# draws a few (the same few every time), so the queue is not the same
# complaint under every post. "{teacher}" is a member of the school's staff.
DEMO_POOL: tuple[tuple[str, str], ...] = (
    ("Helen Morris", "Brilliant to see the children so proud of their work. Thank you!"),
    ("Dan Okafor", "Will there be photos from this in the newsletter? Which day does it go out?"),
    (
        "Angry Dad",
        "{teacher} clearly has favourites and my daughter is always left out. "
        "Shocking, I'm fed up with this school.",
    ),
    (
        "Kerry Lane",
        "Lovely! If anyone found a blue lunchbox after the trip please ring me on 07912 345678.",
    ),
    ("Grandma Jo", "So lovely to see what they get up to. Well done everyone."),
    ("Sunita Rai", "What a fantastic day, thank you to everyone who helped."),
    ("Mark T", "Is there a date yet for the next one? We'd love to come along."),
    ("Beth Gale", "Our son has not stopped talking about it. Thank you {teacher}!"),
    (
        "Fed Up Parent",
        "Another day off timetable, when do the children actually learn anything? Ridiculous.",
    ),
    ("Callum Reid", "Do the children need to bring anything in for this on Monday?"),
    ("Jess Appleby", "Such a proud mum today 💙"),
    ("Ola Bankole", "Great to see the school out in the community."),
    (
        "Not Happy",
        "{teacher} never answers emails. Pathetic way to run a class, an absolute disgrace.",
    ),
    ("Pete Hollis", "Where can we buy the photos from the day?"),
)
# How many of the pool a post draws, and how many of those each platform shows.
DEMO_PER_POST = 4
DEMO_PER_CHANNEL = 3


def demo_comments_for(post_key: str, kind: str, teacher: str) -> list[tuple[int, str, str]]:
    """Return the demo's comments under one post on one kind of channel: (pool index, name, text).

    The same every time for the same post and kind (seeded by them, not by
    the platform's id of the delivery); what one person writes under a post
    is the same on every platform they comment on, so the queue groups it.
    """
    drawn = random.Random(f"schoolgate-demo:{post_key}").sample(
        range(len(DEMO_POOL)), DEMO_PER_POST
    )
    shown = sorted(
        random.Random(f"schoolgate-demo:{post_key}:{kind}").sample(drawn, DEMO_PER_CHANNEL)
    )
    return [(n, DEMO_POOL[n][0], DEMO_POOL[n][1].format(teacher=teacher)) for n in shown]


class DemoChannelConnector(LocalOutbox):
    """The local transport, with a few parents' comments under every post it recorded.

    Each post gets a small fixed set per kind of channel, drawn from
    `DEMO_POOL` (`demo_comments_for`); the comment ids name the post, so a
    post sent again (a correction, a re-share) adds nothing, and a second
    channel of the same kind adds nothing either.
    """

    def fetch_comments(self, remote_id: str) -> list[connectors.Comment]:
        at = self._posted_at(remote_id)
        post_key = self._post_key(remote_id)
        kind = self.channel.kind
        found = [
            connectors.Comment(
                id=f"demo-{post_key}-{kind}-{n}",
                author_id=f"demo-user-{n}",
                author_name=name,
                text=text,
                at=at + dt.timedelta(minutes=17 * (n + 1)),
            )
            for n, name, text in demo_comments_for(post_key, kind, self._teacher())
        ]
        elsewhere = set(
            Comment.objects.filter(
                school_id=self.channel.school_id,
                channel__kind=kind,
                external_id__in=[c.id for c in found],
            )
            .exclude(channel=self.channel)
            .values_list("external_id", flat=True)
        )
        return [c for c in found if c.id not in elsewhere]

    def _post_key(self, remote_id: str) -> str:
        item = (
            OutboxItem.objects.filter(channel=self.channel, remote_id=remote_id)
            .values_list("post_id", flat=True)
            .first()
        )
        return f"post{item}" if item is not None else f"remote{remote_id}"

    def _posted_at(self, remote_id: str) -> dt.datetime:
        pk = remote_id.removeprefix("local-")
        delivery = LocalDelivery.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
        if delivery is not None:
            return delivery.created_at
        item = OutboxItem.objects.filter(channel=self.channel, remote_id=remote_id).first()
        return item.sent_at if item and item.sent_at else self.channel.created_at

    def _teacher(self) -> str:
        from schoolgate.people.models import StaffMember

        staff = (
            StaffMember.objects.filter(school_id=self.channel.school_id, is_current=True)
            .order_by("pk")
            .first()
        )
        return staff.formal_name if staff else "Mrs Patel"


# ---------------------------------------------------------------------------
# Fetching
# ---------------------------------------------------------------------------


@dataclass
class FetchSummary:
    """What one fetch found: new comments stored, those already stored, failures."""

    stored: int = 0
    already: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, other: FetchSummary) -> None:
        self.stored += other.stored
        self.already += other.already
        self.failed += other.failed


def sent_items(school: School) -> Iterable[OutboxItem]:
    """Return the school's posts as sent to its active social channels.

    Every active channel, on whatever platform: the platforms the policy
    names (`moderation.external_comments:platforms`) never narrow the fetch
    (the rule's floor `external_comments.every_channel`).
    """
    return (
        OutboxItem.objects.filter(
            channel__school=school,
            channel__is_active=True,
            status=OutboxItem.Status.SENT,
            post__status=Post.Status.PUBLISHED,
        )
        .exclude(channel__kind=Channel.Kind.BLOG)
        .exclude(remote_id="")
        .select_related("channel", "channel__school__trust", "post")
        .order_by("channel_id", "pk")
    )


def channel_comments_fetch(*, school: School) -> FetchSummary:
    """Fetch the comments under the school's sent posts into the moderation queue."""
    summary = FetchSummary()
    for item in sent_items(school):
        summary.add(_fetch_item(item))
    return summary


def _fetch_item(item: OutboxItem) -> FetchSummary:
    try:
        remote = comment_connector_for(item.channel).fetch_comments(item.remote_id)
    except ConnectorError as exc:
        _fetch_failed(item, exc)
        return FetchSummary(failed=[f"{item.channel}: {exc}"])
    known = _stored_by_external_id(item.channel, [c.id for c in remote])
    new = [c for c in remote if c.id not in known]
    existing = [known[c.id] for c in remote if c.id in known]
    _reapply_decisions(existing)
    triaged = triage_for_school(item.channel.school, [_text(c) for c in new]) if new else []
    summary = FetchSummary(already=len(remote) - len(new))
    stored = []
    for remote_comment, result in zip(new, triaged, strict=True):
        comment = _store(item, remote_comment, result)
        summary.stored += comment is not None
        stored += [comment] if comment is not None else []
    _hold_while_waiting(item.channel, [*existing, *stored])
    return summary


def _store(item: OutboxItem, remote: connectors.Comment, triaged: Any) -> Comment | None:
    try:
        return comment_submit(
            school=item.channel.school,
            post=item.post,
            channel=item.channel,
            external_id=remote.id,
            external_author_id=remote.author_id,
            name=(remote.author_name or "Someone on the platform")[:NAME_LENGTH],
            text=_text(remote),
            submitted_at=remote.at,
            triaged=triaged,
        )
    except CommentRefused:
        return None


def _text(remote: connectors.Comment) -> str:
    return (remote.text.strip() or NO_TEXT)[:TEXT_LENGTH]


def _stored_by_external_id(channel: Channel, ids: list[str]) -> dict[str, Comment]:
    if not ids:
        return {}
    found = Comment.objects.filter(channel=channel, external_id__in=ids)
    for comment in found:
        comment.channel = channel  # loaded with its school and trust: no query per comment
    return {c.external_id: c for c in found}


def _fetch_failed(item: OutboxItem, exc: ConnectorError) -> None:
    logger.warning("Fetching comments from %s failed: %s", item.channel, exc)
    with transaction.atomic():
        audit_log(
            event="moderation.channel_fetch_failed",
            subject=item.channel,
            school=item.channel.school,
            label=str(item.channel),
            extra={"remote_id": item.remote_id, "error": str(exc)[:300]},
        )


def comments_fetch_all(*, schools: Iterable[School] | None = None) -> FetchSummary:
    """Fetch comments for every school (or those given) with an active social channel."""
    if schools is None:
        schools = School.objects.filter(
            channels__is_active=True, channels__kind__in=_social_kinds()
        ).distinct()
    summary = FetchSummary()
    for school in schools:
        summary.add(channel_comments_fetch(school=school))
    return summary


def _social_kinds() -> list[str]:
    return [kind for kind in Channel.Kind.values if kind != Channel.Kind.BLOG]


@task()
def fetch_channel_comments(school_slug: str | None = None) -> dict[str, int]:
    """Fetch comments from the channels of one school, or of every school."""
    schools = School.objects.filter(slug=school_slug) if school_slug else None
    summary = comments_fetch_all(schools=schools)
    return {"stored": summary.stored, "already": summary.already, "failed": len(summary.failed)}


def demo_channel_comments_queue() -> None:
    """Queue a fetch for after the demo's posts have gone out (after commit).

    The worker sends the demo's outbox items first; with a backend that can
    defer, the fetch waits a little so those are sent by then.
    """

    def enqueue() -> None:
        fetch = fetch_channel_comments
        if default_task_backend.supports_defer:
            fetch = fetch.using(run_after=timezone.now() + DEMO_FETCH_DELAY)
        fetch.enqueue()

    transaction.on_commit(enqueue)


# ---------------------------------------------------------------------------
# Decisions back to the platform
# ---------------------------------------------------------------------------

PLATFORM_ACTION: dict[str, tuple[str, Callable[[Any, str], None]]] = {
    Comment.Status.REJECTED: ("hidden", lambda c, cid: c.hide_comment(cid)),
    Comment.Status.DELETED: ("deleted", lambda c, cid: c.delete_comment(cid)),
}
# What each action leaves the comment as on its platform: hidden or not.
HIDDEN_AFTER = {"hidden": True, "held": True, "shown": False}


def hides_while_waiting(channel: Channel) -> bool:
    """Return whether the channel's platform lets a waiting comment be hidden there."""
    return abilities(channel.kind).hide_replies


def comment_decided(comment: Comment) -> None:
    """Queue the platform's side of a decision on an external comment (after commit)."""
    if not (comment.channel_id and comment.external_id):
        return
    if comment.status in PLATFORM_ACTION:
        comment_platform_apply.enqueue(comment.pk)
    elif comment.status == Comment.Status.APPROVED and hides_while_waiting(
        comment.platform_channel
    ):
        comment_platform_show.enqueue(comment.pk)


def _hold_while_waiting(channel: Channel, comments: Iterable[Comment]) -> None:
    # Idempotent on every fetch: a waiting comment not yet hidden (new, or
    # the platform refused last time) is hidden; an approved one still
    # hidden (the platform refused to show it) is shown.
    # Which waiting comments are hidden is the policy's (`held_on_platform`).
    if not hides_while_waiting(channel):
        return
    for comment in comments:
        if comment.is_waiting and not comment.platform_hidden and held_on_platform(comment):
            platform_hold(comment)
        elif comment.status == Comment.Status.APPROVED and comment.platform_hidden:
            platform_show(comment)


def platform_hold(comment: Comment) -> str:
    """Hide a waiting comment on its platform until a moderator decides; return what."""
    return _on_platform(comment, "held", lambda c: c.hide_comment(comment.external_id))


def platform_show(comment: Comment) -> str:
    """Show an approved comment again on its platform; return what was done."""
    return _on_platform(comment, "shown", lambda c: c.unhide_comment(comment.external_id))


@task()
def comment_platform_show(comment_id: int) -> str:
    """Show the approved comment again where it was hidden while it waited."""
    comment = Comment.objects.select_related("channel", "school").get(pk=comment_id)
    if comment.status != Comment.Status.APPROVED or not comment.platform_hidden:
        return "left"
    return platform_show(comment)


@task()
def comment_platform_apply(comment_id: int) -> str:
    """Hide or delete the comment on its platform as the decision says; return what."""
    comment = Comment.objects.select_related("channel", "school").get(pk=comment_id)
    return platform_apply(comment)


def platform_apply(comment: Comment) -> str:
    """Carry the comment's decision to its platform; return what was done there."""
    if comment.status not in PLATFORM_ACTION or not comment.external_id:
        return "left"
    done, act = PLATFORM_ACTION[comment.status]
    return _on_platform(comment, done, lambda c: act(c, comment.external_id))


def _reapply_decisions(comments: Iterable[Comment]) -> None:
    # A decided comment whose hide or delete the platform refused last time is
    # still there: ask again (both are idempotent on the platforms).
    for comment in comments:
        if comment.status in PLATFORM_ACTION and not _platform_took_it(comment):
            platform_apply(comment)


def _platform_took_it(comment: Comment) -> bool:
    from schoolgate.audit.models import AuditEntry

    last = (
        AuditEntry.objects.filter(
            subject_type="moderation.comment",
            subject_id=str(comment.pk),
            event__in=["moderation.platform_action", "moderation.platform_action_failed"],
            extra__action__in=[done for done, _ in PLATFORM_ACTION.values()],
        )
        .order_by("-seq")
        .values_list("event", flat=True)
        .first()
    )
    return last == "moderation.platform_action"


def commenter_block_on_platform(
    *, comment: Comment, reason: str, actor: User, sanction: Any = None
) -> None:
    """Record the block of an external commenter and queue it on the platform.

    Call it inside the blocking service's transaction, after the sanction
    (platform and user id, with its end date) is created: the audit entry is
    written there, and the platform is asked once the block is committed.
    When the sanction ends, `platform_blocks_lift` unblocks the account where
    the platform allows it.
    """
    extra = {"platform": comment.platform_channel.kind, "reason": reason.strip()}
    if sanction is not None:
        extra |= {"sanction": sanction.pk, "ends_on": sanction.ends_on}
    audit_log(
        event="moderation.commenter_blocked",
        actor=actor,
        subject=comment,
        school=comment.school,
        label=str(comment),
        extra=extra,
    )
    transaction.on_commit(lambda: commenter_platform_block.enqueue(comment.pk))


@task()
def commenter_platform_block(comment_id: int) -> str:
    """Block the comment's author on its platform; return what was done."""
    comment = Comment.objects.select_related("channel", "school").get(pk=comment_id)
    return _on_platform(comment, "blocked", lambda c: c.block_user(comment.external_author_id))


def _on_platform(comment: Comment, done: str, act: Callable[[Any], None]) -> str:
    try:
        act(comment_connector_for(comment.platform_channel))
    except ConnectorError as exc:
        logger.warning("%s refused to act on comment %s: %s", comment.channel, comment.pk, exc)
        _platform_audit(comment, "moderation.platform_action_failed", done, str(exc)[:300])
        return "failed"
    _platform_audit(comment, "moderation.platform_action", done, "")
    return done


def _platform_audit(comment: Comment, event: str, done: str, error: str) -> None:
    extra = {"platform": comment.platform_channel.kind, "action": done}
    with transaction.atomic():
        if not error and done in HIDDEN_AFTER:
            comment_platform_hidden_set(comment=comment, hidden=HIDDEN_AFTER[done])
        audit_log(
            event=event,
            subject=comment,
            school=comment.school,
            label=str(comment),
            extra={**extra, "error": error} if error else extra,
        )


@transaction.atomic
def comment_platform_hidden_set(*, comment: Comment, hidden: bool) -> Comment:
    """Record whether the platform confirmed the comment hidden there.

    `_platform_audit` calls it in the transaction that audits the platform's
    action (`moderation.platform_action`, with what was done).
    """
    comment.platform_hidden = hidden
    comment.save(update_fields=["platform_hidden", "updated_at"])
    return comment


# ---------------------------------------------------------------------------
# Blocks that ended: unblocked on the platform too
# ---------------------------------------------------------------------------


@dataclass
class UnblockSummary:
    """What one run did: accounts unblocked on their platform, and refusals."""

    unblocked: int = 0
    failed: list[str] = field(default_factory=list)


def platform_blocks_lift(*, schools: Iterable[School] | None = None) -> UnblockSummary:
    """Unblock on its platform each account whose commenter block has ended.

    Idempotent: a block once unblocked is not asked again; a refusal is
    recorded on the sanction and tried again on the next run. An account
    that another block in force still covers stays blocked.
    """
    from schoolgate.sanctions.selectors import platform_blocks_ended, platform_user_blocked
    from schoolgate.sanctions.services import sanction_platform_unblock_record

    unblockable = [kind for kind, can in connectors.ABILITIES.items() if can.unblock]
    ended = platform_blocks_ended(platforms=unblockable)
    if schools is not None:
        ended = ended.filter(school__in=list(schools))
    summary = UnblockSummary()
    for sanction in ended:
        user = sanction.platform_user_id
        if platform_user_blocked(sanction.school, sanction.platform, user):
            continue
        error = _unblock_everywhere(sanction.school, sanction.platform, user)
        sanction_platform_unblock_record(sanction=sanction, error=error)
        summary.unblocked += not error
        summary.failed += [f"{sanction.subject_label}: {error}"] if error else []
    return summary


def _unblock_everywhere(school: School, platform: str, user_id: str) -> str:
    # The account was blocked from the channel it commented on; unblocking
    # is idempotent on each platform, so every such channel is asked.
    where = Channel.objects.filter(
        school=school, kind=platform, comments__external_author_id=user_id
    ).distinct()
    if not where:
        return f"the school has no {platform} channel this account commented on"
    for channel in where:
        try:
            comment_connector_for(channel).unblock_user(user_id)
        except ConnectorError as exc:
            logger.warning("%s refused to unblock %s: %s", channel, user_id, exc)
            return f"{channel}: {exc}"
    return ""
