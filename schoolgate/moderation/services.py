"""Receiving comments and every moderating decision, each audited in its transaction.

`comment_submit` is the one way a comment enters the queue, from the blog
form, an external channel's fetch or a load test: it refuses what the
school will not take (closed or private post, blocked commenter, too many
too fast, a repeat), triages the text in-process and stores the comment held
(or escalated, when the school's policy sends it to the head).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from schoolgate.accounts.models import User
from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.core.permissions import require
from schoolgate.moderation import policy, selectors
from schoolgate.moderation.models import (
    Comment,
    CommentNote,
    ContactLog,
    ParentMeeting,
    PlatformReport,
    RateCount,
    Relationship,
)
from schoolgate.moderation.triaging import Triaged, triage_for_school
from schoolgate.notifications.services import send_always
from schoolgate.people.models import Parent, School
from schoolgate.publishing.models import Channel, Post

if TYPE_CHECKING:
    from schoolgate.core.types import Anyone

# Spam defence without third parties: at most this many comments per window
# from one address and from one email, and no repeat of the same text.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 600
DUPLICATE_WINDOW = dt.timedelta(days=7)


class CommentRefused(ApplicationError):
    """A comment the school will not take; `code` says why, the message says it politely."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, extra={"code": code})
        self.code = code


REFUSALS = {
    "closed": "Comments are closed on this post.",
    "blocked": (
        "Sorry, you cannot comment on this school's posts at the moment. "
        "If you think this is a mistake, please contact the school office."
    ),
    "rate_limited": "You have sent several comments in a short time. Please try again later.",
    "duplicate": "You have already sent this comment; it is waiting for approval.",
}


def _refuse(code: str) -> CommentRefused:
    return CommentRefused(code, REFUSALS[code])


# ---------------------------------------------------------------------------
# Receiving a comment
# ---------------------------------------------------------------------------


def comment_submit(
    *,
    school: School,
    text: str,
    name: str,
    email: str = "",
    relationship: str = Relationship.OTHER,
    post: Post | None = None,
    channel: Channel | None = None,
    external_id: str = "",
    external_author_id: str = "",
    ip: str = "",
    submission_key: str = "",
    submitted_at: dt.datetime | None = None,
    triaged: Triaged | None = None,
    user: Anyone = None,
) -> Comment:
    """Store a comment held for moderation, triaged, and tell the moderators.

    A blog comment (`channel` None) needs an open public post and passes the
    spam defences; an external one (`channel` and `external_id`) is stored
    once per remote id, a repeat returning the stored comment. The same
    `submission_key` also returns the stored comment. `triaged` lets a
    caller that triaged a batch pass each result in. `user` is the account
    signed in on the form, if any: its sanctions count whatever email is
    typed, and the comment is the parent's the school holds for it. Raise
    `CommentRefused`.
    """
    email = email.strip().lower()
    existing = _already_stored(school, channel, external_id, submission_key)
    if existing is not None:
        return existing
    parents = _parents_signed_in(school, user) or _parents_by_email(school, email)
    if channel is None:
        _ensure_open(school, post)
        _ensure_not_blocked(school, email, user=user)
        _ensure_within_rate(ip, email)
    elif email:
        _ensure_not_blocked(school, email)
    comment = Comment(
        school=school,
        source=Comment.Source.BLOG if channel is None else Comment.Source.EXTERNAL,
        post=post,
        channel=channel,
        external_id=external_id,
        external_author_id=external_author_id,
        submission_key=submission_key,
        parent=parents[0] if parents else None,
        name=name.strip(),
        email=email,
        relationship=relationship,
        text=text.strip(),
        submitted_at=submitted_at or timezone.now(),
        ip_hash=_ip_hash(ip),
    )
    comment.content_hash = _content_hash(comment)
    comment.echo_key = echo_key(comment)
    if channel is None:
        _ensure_not_duplicate(comment)
    _apply_triage(comment, triaged or triage_for_school(school, [comment.text])[0])
    return _store(comment)


def _store(comment: Comment) -> Comment:
    try:
        with transaction.atomic():
            comment.full_clean()
            comment.save()
            audit_log(
                event="moderation.comment_received",
                subject=comment,
                school=comment.school,
                label=str(comment),
                extra={
                    "action": comment.action,
                    "labels": comment.labels,
                    "status": comment.status,
                },
            )
            transaction.on_commit(lambda: _enqueue_notification(comment.pk))
    except (IntegrityError, ValidationError):
        # A concurrent request stored the same submission or remote id first:
        # full_clean's constraint check or the database itself says so.
        found = _already_stored(
            comment.school, comment.channel, comment.external_id, comment.submission_key
        )
        if found is None:
            raise
        return found
    return comment


def _already_stored(
    school: School, channel: Channel | None, external_id: str, submission_key: str
) -> Comment | None:
    if channel is not None and external_id:
        return Comment.objects.filter(channel=channel, external_id=external_id).first()
    if submission_key:
        return Comment.objects.filter(school=school, submission_key=submission_key).first()
    return None


def _parents_by_email(school: School, email: str) -> list[Parent]:
    if not email:
        return []
    return list(Parent.objects.filter(school=school, email__iexact=email))


def _parents_signed_in(school: School, user: Anyone) -> list[Parent]:
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    return list(Parent.objects.filter(school=school, user=user).order_by("pk"))


def _ensure_open(school: School, post: Post | None) -> None:
    if post is None or not selectors.comments_open_on(school, post):
        raise _refuse("closed")


def _ensure_not_blocked(school: School, email: str, *, user: Anyone = None) -> None:
    from schoolgate.sanctions.selectors import interaction_refusal

    account = user if isinstance(user, User) and user.is_authenticated else None
    signed_in = account is not None
    refusal = interaction_refusal(school, user=account, email=email)
    if refusal is not None:
        with transaction.atomic():
            audit_log(
                event="moderation.comment_refused",
                actor=account,
                school=school,
                label="A blocked commenter tried to comment",
                extra={"reason": "blocked", "rule": refusal.rule, "signed_in": signed_in},
            )
        raise _refuse("blocked")


def _ensure_within_rate(ip: str, email: str) -> None:
    keys = [f"ip:{_ip_hash(ip)}"] if ip else []
    keys += [f"email:{_digest(email)}"] if email else []
    for key in keys:
        if rate_hit(key, window=dt.timedelta(seconds=RATE_WINDOW_SECONDS)) > RATE_LIMIT:
            raise _refuse("rate_limited")


_RATE_UPSERT = """
INSERT INTO {table} ({key}, {start}, {count}) VALUES (%s, %s, 1)
ON CONFLICT ({key}) DO UPDATE SET
  {count} = CASE WHEN {table}.{start} > %s THEN {table}.{count} + 1 ELSE 1 END,
  {start} = CASE WHEN {table}.{start} > %s THEN {table}.{start} ELSE excluded.{start} END
RETURNING {count}
"""


def rate_hit(key: str, *, window: dt.timedelta) -> int:
    """Count one more hit for `key` and return the hits in its current window.

    One INSERT ... ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike): the
    database serialises simultaneous hits on a key, so thirty at once count
    thirty, whichever process or thread sends them.
    """
    now = timezone.now()
    cutoff = now - window
    quote = connection.ops.quote_name
    sql = _RATE_UPSERT.format(
        table=quote(RateCount._meta.db_table),
        key=quote("key"),
        start=quote("window_start"),
        count=quote("count"),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        RateCount.objects.filter(window_start__lte=cutoff).delete()
        cursor.execute(sql, [key, now, cutoff, cutoff])
        return int(cursor.fetchone()[0])


def _ensure_not_duplicate(comment: Comment) -> None:
    since = comment.submitted_at - DUPLICATE_WINDOW
    same = Comment.objects.filter(
        school=comment.school, content_hash=comment.content_hash, submitted_at__gte=since
    )
    if comment.email:
        same = same.filter(email=comment.email)
    elif comment.ip_hash:
        same = same.filter(ip_hash=comment.ip_hash)
    if same.exists():
        raise _refuse("duplicate")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _ip_hash(ip: str) -> str:
    """Return a keyed hash of the address: enough to count, never the address itself."""
    return salted_hmac("schoolgate.moderation.ip", ip).hexdigest() if ip else ""


def _content_hash(comment: Comment) -> str:
    words = re.sub(r"\W+", " ", comment.text.casefold()).strip()
    return _digest(f"{comment.post_id}|{comment.channel_id}|{words}")


def echo_key(comment: Comment) -> str:
    """Return what the same commenter's same words on the same post share, on any platform."""
    words = re.sub(r"\W+", " ", comment.text.casefold()).strip()
    name = " ".join(comment.name.casefold().split())
    return _digest(f"{comment.post_id}|{name}|{words}")


def named_staff_index(findings: list[dict[str, Any]]) -> str:
    """Return " 3 17 ": the ids of the staff members the findings name."""
    ids: dict[str, None] = {}
    for finding in findings:
        if finding.get("kind") != "staff_name":
            continue
        for person in finding.get("people") or ():
            role, _, pk = str(person).partition(":")
            if role == "staff" and pk.isdigit():
                ids[pk] = None
    return f" {' '.join(ids)} " if ids else ""


def _apply_triage(comment: Comment, triaged: Triaged) -> None:
    result = triaged.result
    comment.action = result.action
    comment.labels = list(result.labels)
    comment.label_index = " " + " ".join(result.labels) + " "
    comment.scores = {name: round(value, 4) for name, value in result.scores.items()}
    comment.findings = triaged.findings
    comment.named_staff = named_staff_index(triaged.findings)
    comment.severity = Comment.SEVERITY[result.action] + (1 if triaged.needs_head else 0)
    if triaged.needs_head:
        comment.status = Comment.Status.ESCALATED
        comment.escalated_at = comment.submitted_at


def _enqueue_notification(comment_id: int) -> None:
    from schoolgate.moderation.tasks import notify_moderators

    notify_moderators.enqueue(comment_id)


# ---------------------------------------------------------------------------
# Deciding
# ---------------------------------------------------------------------------


def decision_action(comment: Comment) -> str:
    """Return the action needed to decide the comment: escalated ones are the head's."""
    if comment.status == Comment.Status.ESCALATED:
        return "moderation.decide_escalated"
    return "moderation.approve"


def _ensure_waiting(comment: Comment) -> None:
    if not comment.is_waiting:
        raise ApplicationError(
            f"This comment has already been decided ({comment.get_status_display().lower()})."
        )


def _ensure_not_claimed_by_other(comment: Comment, actor: User) -> None:
    if comment.claimed_by_id and comment.claimed_by_id != actor.pk:
        raise ApplicationError(f"{comment.claimed_by} is working on this comment.")


def _locked(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("school", "claimed_by")
        .get(pk=comment.pk)
    )


def _audit(event: str, comment: Comment, actor: User, **extra: Any) -> None:
    audit_log(
        event=event,
        actor=actor,
        subject=comment,
        school=comment.school,
        label=str(comment),
        extra=extra or None,
    )


def _decide(comment: Comment, actor: User, status: str, reason: str, fields: list[str]) -> Comment:
    comment.status = status
    comment.decided_by = actor
    comment.decided_at = timezone.now()
    comment.decision_reason = reason.strip()
    comment.claimed_by = None
    comment.claimed_at = None
    comment.full_clean()
    comment.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "claimed_by",
            "claimed_at",
            "updated_at",
            *fields,
        ]
    )
    transaction.on_commit(lambda: _blog_changed(comment))
    transaction.on_commit(lambda: _platform_changed(comment))
    return comment


def _platform_changed(comment: Comment) -> None:
    # An external comment's decision goes to its platform too (hide, delete).
    from schoolgate.moderation.channels import comment_decided

    comment_decided(comment)


def _blog_changed(comment: Comment) -> None:
    from schoolgate.publishing.blog import blog_changed

    blog_changed(comment.school)


@transaction.atomic
def comment_claim(*, comment: Comment, actor: User) -> Comment:
    """Claim a waiting comment so no one else works on it at the same time."""
    comment = _locked(comment)
    require(actor, "moderation.queue", comment)
    _ensure_waiting(comment)
    _ensure_not_claimed_by_other(comment, actor)
    comment.claimed_by = actor
    comment.claimed_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    _audit("moderation.claimed", comment, actor)
    return comment


@transaction.atomic
def comment_release(*, comment: Comment, actor: User) -> Comment:
    """Release one's own claim on a comment."""
    comment = _locked(comment)
    require(actor, "moderation.queue", comment)
    _ensure_not_claimed_by_other(comment, actor)
    comment.claimed_by = None
    comment.claimed_at = None
    comment.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    _audit("moderation.released", comment, actor)
    return comment


def comment_approve(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Approve a waiting comment for display; an escalated one only by the head."""
    return _verdict(comment, actor, Comment.Status.APPROVED, reason, "moderation.approved")


def comment_reject(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Reject a waiting comment: it is never shown."""
    return _verdict(comment, actor, Comment.Status.REJECTED, reason, "moderation.rejected")


@transaction.atomic
def _verdict(comment: Comment, actor: User, status: str, reason: str, event: str) -> Comment:
    """Approve or reject a waiting comment the actor may decide and nobody else holds."""
    comment = _locked(comment)
    require(actor, decision_action(comment), comment)
    _ensure_waiting(comment)
    _ensure_not_claimed_by_other(comment, actor)
    was = comment.status
    _decide(comment, actor, status, reason, [])
    _audit(event, comment, actor, was=was)
    return comment


@transaction.atomic
def comment_escalate(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Send a held comment to the head; only the head may then decide it."""
    comment = _locked(comment)
    require(actor, "moderation.queue", comment)
    if comment.status != Comment.Status.HELD:
        raise ApplicationError("Only a comment waiting for approval can be escalated.")
    comment.status = Comment.Status.ESCALATED
    comment.escalated_at = timezone.now()
    comment.severity = max(comment.severity, Comment.SEVERITY[Comment.Action.ESCALATE] + 1)
    comment.claimed_by = None
    comment.claimed_at = None
    comment.full_clean()
    comment.save(
        update_fields=[
            "status",
            "escalated_at",
            "severity",
            "claimed_by",
            "claimed_at",
            "updated_at",
        ]
    )
    if reason.strip():
        CommentNote.objects.create(comment=comment, author=actor, text=reason.strip())
    _audit("moderation.escalated", comment, actor, reason=reason.strip())
    transaction.on_commit(lambda: _enqueue_notification(comment.pk))
    return comment


@transaction.atomic
def comment_not_a_problem(*, comment: Comment, actor: User) -> Comment:
    """Record that triage flagged the comment wrongly, and approve it."""
    comment = _locked(comment)
    require(actor, decision_action(comment), comment)
    _ensure_waiting(comment)
    _ensure_not_claimed_by_other(comment, actor)
    comment.not_a_problem = True
    comment.not_a_problem_by = actor
    _decide(
        comment,
        actor,
        Comment.Status.APPROVED,
        "Not a problem",
        ["not_a_problem", "not_a_problem_by"],
    )
    _audit("moderation.not_a_problem", comment, actor, labels=comment.labels)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Delete a comment from view; its text stays as evidence, never shown (C4.2).

    Only where the policy deletes negative comments (`moderation.delete`);
    elsewhere they are rejected, hidden and kept.
    """
    comment = _locked(comment)
    require(actor, "moderation.delete", comment)
    if comment.status == Comment.Status.DELETED:
        raise ApplicationError("This comment is already deleted.")
    if not reason.strip():
        raise ApplicationError("Say why the comment is deleted.")
    was = comment.status
    _decide(comment, actor, Comment.Status.DELETED, reason, [])
    _audit("moderation.deleted", comment, actor, was=was, reason=reason.strip())
    return comment


def bulk_decide(*, comments: list[Comment], verdict: str, actor: User) -> tuple[int, list[str]]:
    """Approve or reject many comments; return how many, and why the others were not."""
    service = {"approve": comment_approve, "reject": comment_reject}[verdict]
    done, problems = 0, []
    for comment in comments:
        try:
            service(comment=comment, actor=actor)
            done += 1
        except (ApplicationError, ActionDenied) as exc:
            problems.append(f"{comment.name}: {getattr(exc, 'message', exc)}")
    return done, problems


# ---------------------------------------------------------------------------
# The head's follow-up: notes, contacts, meetings, reports, blocks, outcome
# ---------------------------------------------------------------------------


@transaction.atomic
def comment_note_add(*, comment: Comment, text: str, actor: User) -> CommentNote:
    """Add a note moderators share on the comment."""
    require(actor, "moderation.queue", comment)
    note = CommentNote(comment=comment, author=actor, text=text.strip())
    note.full_clean()
    note.save()
    _audit("moderation.note_added", comment, actor)
    return note


@transaction.atomic
def contact_log_add(
    *, comment: Comment, how: str, contacted_at: dt.datetime, outcome: str, actor: User
) -> ContactLog:
    """Record a contact with the commenter: how, when, and what came of it."""
    require(actor, "moderation.decide_escalated", comment)
    log = ContactLog(
        comment=comment,
        how=how,
        contacted_at=contacted_at,
        outcome=outcome.strip(),
        recorded_by=actor,
    )
    log.full_clean()
    log.save()
    _audit("moderation.contact_logged", comment, actor, how=how, contacted_at=contacted_at)
    return log


@transaction.atomic
def parent_meeting_record(
    *,
    comment: Comment,
    meeting_at: dt.datetime,
    attendees: str,
    outcome: str,
    actor: User,
    interaction_withdrawn: bool = False,
) -> ParentMeeting:
    """Record a parent called to a meeting about a comment in breach (C4.3).

    When the meeting withdraws the parent's interaction, a loss-of-interaction
    sanction is imposed through the sanctions app, under its own rule.
    """
    require(actor, "moderation.decide_escalated", comment)
    if not policy.parent_meetings(comment.school):
        raise ApplicationError(
            f"{comment.school.name}'s policy does not provide for parent meetings about comments."
        )
    meeting = ParentMeeting(
        comment=comment,
        parent=comment.parent,
        meeting_at=meeting_at,
        attendees=attendees.strip(),
        outcome=outcome.strip(),
        interaction_withdrawn=interaction_withdrawn,
        recorded_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    if interaction_withdrawn:
        _withdraw_interaction(comment, actor)
    _audit(
        "moderation.meeting_recorded", comment, actor, interaction_withdrawn=interaction_withdrawn
    )
    return meeting


def _withdraw_interaction(comment: Comment, actor: User) -> None:
    from schoolgate.sanctions.models import Sanction
    from schoolgate.sanctions.services import sanction_create

    if comment.parent is None:
        raise ApplicationError("No parent record matches this commenter's email.")
    sanction_create(
        school=comment.school,
        kind=Sanction.Kind.PARENT_INTERACTION,
        parent=comment.parent,
        starts_on=timezone.localdate(),
        reason=f"Comment of {comment.submitted_at:%d %b %Y} in breach; decided at a meeting.",
        actor=actor,
    )


@transaction.atomic
def platform_report_record(
    *,
    comment: Comment,
    platform: str,
    reason: str,
    actor: User,
    reference: str = "",
    note: str = "",
) -> PlatformReport:
    """Record that the commenter was reported to the platform (C4.4)."""
    require(actor, "moderation.decide_escalated", comment)
    if reason == PlatformReport.Reason.UNDER_13 and not policy.platform_reports(comment.school):
        raise ApplicationError(
            f"{comment.school.name}'s policy does not ask for under-age users to be reported."
        )
    report = PlatformReport(
        comment=comment,
        platform=platform,
        reason=reason,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    report.full_clean()
    report.save()
    _audit("moderation.platform_reported", comment, actor, platform=platform, reason=reason)
    return report


@transaction.atomic
class _Commenter(TypedDict, total=False):
    """Whom a commenter block names: an email, or a platform's user."""

    email: str
    platform: str
    platform_user_id: str


def commenter_block(
    *, comment: Comment, reason: str, actor: User, ends_on: dt.date | None = None
) -> Any:
    """Block the comment's author until `ends_on` (profile length by default).

    The block is a sanctions-app commenter block, so it has an end date and
    lapses by itself (C8.4): by email, or for a commenter on an external
    channel who gave none, by the platform and the platform's user id, and
    the platform is then asked to block the account too.
    """
    from schoolgate.sanctions.models import Sanction
    from schoolgate.sanctions.services import sanction_create

    require(actor, "moderation.decide_escalated", comment)
    if not policy.blocks_allowed(comment.school):
        raise ApplicationError(
            f"{comment.school.name}'s policy does not allow blocking commenters."
        )
    on_platform = bool(comment.channel_id and comment.external_author_id and not comment.email)
    if not comment.email and not on_platform:
        raise ApplicationError("This commenter gave no email; block them on the platform itself.")
    who: _Commenter = (
        {"platform": comment.platform_channel.kind, "platform_user_id": comment.external_author_id}
        if on_platform
        else {"email": comment.email}
    )
    sanction = sanction_create(
        school=comment.school,
        kind=Sanction.Kind.COMMENTER_BLOCK,
        starts_on=timezone.localdate(),
        ends_on=ends_on,
        reason=reason.strip() or f"Comment of {comment.submitted_at:%d %b %Y}.",
        actor=actor,
        **who,
    )
    if on_platform:
        from schoolgate.moderation.channels import commenter_block_on_platform

        commenter_block_on_platform(comment=comment, reason=reason, actor=actor, sanction=sanction)
        return sanction
    _audit(
        "moderation.commenter_blocked",
        comment,
        actor,
        sanction=sanction.pk,
        ends_on=sanction.ends_on,
    )
    return sanction


@transaction.atomic
def comment_outcome_send(*, comment: Comment, message: str, actor: User) -> Comment:
    """Email the commenter the outcome of their comment, in the head's words."""
    require(actor, "moderation.decide_escalated", comment)
    if not comment.email:
        raise ApplicationError("This commenter gave no email.")
    if not message.strip():
        raise ApplicationError("Write the message to send.")
    comment.outcome_sent_at = timezone.now()
    comment.save(update_fields=["outcome_sent_at", "updated_at"])
    _audit("moderation.outcome_sent", comment, actor)
    subject = f"Your comment to {comment.school.name}"
    body, to = message.strip(), [comment.email]
    transaction.on_commit(
        lambda: send_always(kind="comments.outcome", to=to, subject=subject, body=body)
    )
    return comment


def site_url() -> str:
    """Return the site's address for links in emails."""
    return str(getattr(settings, "SCHOOLGATE_SITE_URL", "")).rstrip("/")
