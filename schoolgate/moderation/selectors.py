"""Reads for moderation: the queue, one comment, a commenter's history, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.core.permissions import can
from schoolgate.moderation.models import Comment, ContactLog
from schoolgate.people.models import School, StaffMember
from schoolgate.publishing.connectors import abilities
from schoolgate.publishing.models import Audience, Post

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

FILTER_STATUSES = {
    "waiting": Comment.WAITING,
    "held": (Comment.Status.HELD,),
    "escalated": (Comment.Status.ESCALATED,),
    "approved": (Comment.Status.APPROVED,),
    "rejected": (Comment.Status.REJECTED,),
    "deleted": (Comment.Status.DELETED,),
}


def held_on_platform(comment: Comment) -> bool:
    """Return whether a waiting external comment is to be hidden on its platform.

    Where the platform can hide a reply: every comment on a channel the
    policy holds (`moderation.hold_all:channels`), and on any channel one
    that triage flagged or someone escalated (the rule's floor).
    """
    from schoolgate.moderation import policy

    channel = comment.channel
    if channel is None or not abilities(channel.kind).hide_replies:
        return False
    if channel.kind in policy.held_everywhere_on(comment.school):
        return True
    flagged = any(label != "praise" for label in comment.labels or ())
    return flagged or comment.status == Comment.Status.ESCALATED


def platform_visibility(comment: Comment) -> str:
    """Return whether an external comment shows on its platform, in plain words.

    What the platform last confirmed, and, where it cannot hide a reply,
    that the comment stays visible there until someone decides. '' for a
    blog comment, or one deleted (the decision page says what was done).
    """
    if comment.channel_id is None or comment.status == Comment.Status.DELETED:
        return ""
    platform = comment.platform_channel.get_kind_display()
    if not abilities(comment.platform_channel.kind).hide_replies:
        if comment.status == Comment.Status.APPROVED:
            return f"Visible on {platform}."
        until = "until you decide" if comment.is_waiting else "until removed there by hand"
        return f"Visible on {platform} {until}: {platform} does not let Schoolgate hide a reply."
    if comment.is_waiting and not comment.platform_hidden and not held_on_platform(comment):
        return (
            f"Visible on {platform} until you decide: your policy does not hold every "
            f"comment out of sight on {platform}, and triage flagged nothing here."
        )
    if comment.platform_hidden == (comment.status != Comment.Status.APPROVED):
        return _as_intended(comment, platform)
    retry = "has not worked yet; Schoolgate tries again at the next fetch."
    if comment.status == Comment.Status.APPROVED:
        return f"Still hidden on {platform}: showing it there again {retry}"
    return f"Still visible on {platform}: hiding it there {retry}"


def _as_intended(comment: Comment, platform: str) -> str:
    if comment.is_waiting:
        return f"Hidden on {platform} while it waits; approving shows it there."
    if comment.status == Comment.Status.APPROVED:
        return f"Visible on {platform}."
    return f"Hidden on {platform}."


def sees_every_comment(user: User, school: School) -> bool:
    """Return whether the user holds one of the school's escalation roles."""
    return can(user, "moderation.see_every_comment", school)


def visible_comments(user: User, school: School) -> QuerySet[Comment]:
    """Return the school's comments the user may see: the one gate of every comment read.

    The queue, its counts, bulk and keyboard actions, a comment's page and
    the links in emails all start here. The profile's `moderation.escalate_to`
    roles see every comment; other moderators do not see a comment that went
    to them (escalated, or deleted as evidence), nor one that names the
    moderator themselves (triage's `staff_name` findings), so that a teacher
    never reads a complaint about a colleague, the head or themselves.
    """
    qs = Comment.objects.filter(school=school)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_every_comment(user, school):
        return qs
    qs = qs.filter(escalated_at__isnull=True).exclude(
        status__in=(Comment.Status.ESCALATED, Comment.Status.DELETED)
    )
    for staff_id in StaffMember.objects.filter(user=user).values_list("pk", flat=True):
        qs = qs.exclude(named_staff__contains=f" {staff_id} ")
    return qs


def comment_visible_to(user: User, comment: Comment) -> bool:
    """Return whether `visible_comments` holds the comment for the user."""
    return visible_comments(user, comment.school).filter(pk=comment.pk).exists()


def access_comment_for(user: User, pk: int, *, action: str = "moderation.queue") -> Comment:
    """Return the comment if the user may take the action on it; else raise Http404.

    A comment of another school, or one `visible_comments` keeps from the
    user, answers exactly as a missing one does.
    """
    comment = (
        Comment.objects.select_related("school__trust", "post__current", "channel", "parent")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    if not can(user, action, comment):  # `moderation.visible` asks `comment_visible_to`
        raise Http404("No such comment.")
    return comment


def queue(
    school: School,
    *,
    user: User,
    status: str = "waiting",
    label: str = "",
    source: str = "",
    q: str = "",
    claimed: str = "",
) -> QuerySet[Comment]:
    """Return the comments the user may see, most severe first, then oldest first, filtered.

    The same commenter's same words on the same post, fetched from several
    platforms, make one row: the first of them, whose `echoes` lists the
    others (`with_echoes`).
    """
    qs = visible_comments(user, school).filter(
        status__in=FILTER_STATUSES.get(status, Comment.WAITING)
    )
    if label:
        qs = qs.filter(label_index__contains=f" {label} ")
    if source in Comment.Source.values:
        qs = qs.filter(source=source)
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(name__icontains=q) | Q(email__icontains=q))
    if claimed == "mine":
        qs = qs.filter(claimed_by=user)
    elif claimed == "free":
        qs = qs.filter(claimed_by__isnull=True)
    earlier_echo = qs.filter(echo_key=OuterRef("echo_key"), pk__lt=OuterRef("pk")).exclude(
        echo_key=""
    )
    return (
        qs.filter(~Exists(earlier_echo))
        .select_related("post__current", "channel", "claimed_by")
        .order_by("-severity", "submitted_at", "pk")
    )


def with_echoes(user: User, school: School, comments: Iterable[Comment]) -> list[Comment]:
    """Give each comment `echoes`: the same words from the same commenter elsewhere.

    Only comments the user may see, and never the comment itself; each
    comment also gets `also_on`, the other platforms' names ("X, Facebook").
    """
    rows = list(comments)
    keys = {c.echo_key for c in rows if c.echo_key}
    found: dict[str, list[Comment]] = {}
    if rows and keys:
        others = (
            visible_comments(user, school)
            .filter(echo_key__in=keys)
            .select_related("channel")
            .order_by("pk")
        )
        for other in others:
            found.setdefault(other.echo_key, []).append(other)
    for comment in rows:
        comment.echoes = [o for o in found.get(comment.echo_key, []) if o.pk != comment.pk]
        comment.also_on = ", ".join(
            dict.fromkeys(
                o.channel.get_kind_display() if o.channel else "the school blog"
                for o in comment.echoes
            )
        )
    return rows


@dataclass(frozen=True)
class History:
    """What the school knows of a commenter: earlier comments and sanctions."""

    comments: list[Comment]
    sanctions: list[Any]
    counts: dict[str, int]


def commenter_history(comment: Comment, *, user: User, limit: int = 10) -> History:
    """Return the commenter's other comments the user may see, and their sanctions."""
    from schoolgate.sanctions.models import Sanction

    same = _same_commenter(comment)
    others = visible_comments(user, comment.school).filter(same).exclude(pk=comment.pk)
    counts = dict(others.values_list("status").annotate(n=Count("pk")).order_by())
    who = Q(email__iexact=comment.email) if comment.email else Q(pk__in=[])
    if comment.parent_id:
        who |= Q(parent_id=comment.parent_id)
    sanctions = list(
        Sanction.objects.filter(who, school=comment.school).order_by("-starts_on")[:limit]
    )
    return History(list(others.order_by("-submitted_at")[:limit]), sanctions, counts)


def _same_commenter(comment: Comment) -> Q:
    if comment.email:
        return Q(email=comment.email)
    if comment.external_author_id:
        return Q(channel=comment.channel_id, external_author_id=comment.external_author_id)
    return Q(pk__in=[])


def waiting_summary(school: School, *, user: User) -> dict[str, Any]:
    """Return how many comments the user may see wait, how many are with the head, the oldest."""
    waiting = visible_comments(user, school).filter(status__in=Comment.WAITING)
    stats = waiting.aggregate(
        n=Count("pk"),
        escalated=Count("pk", filter=Q(status=Comment.Status.ESCALATED)),
        oldest=Min("submitted_at"),
    )
    oldest = stats["oldest"]
    return {
        "count": stats["n"],
        "escalated": stats["escalated"],
        "oldest": oldest,
        "oldest_age": (timezone.now() - oldest) if oldest else None,
    }


def waiting_count(school: School) -> int:
    """Return how many comments wait for a decision at the school."""
    return Comment.objects.filter(school=school, status__in=Comment.WAITING).count()


@dataclass(frozen=True)
class LabelStat:
    label: str
    flagged: int
    wrong: int

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.flagged if self.flagged else 0.0


def label_stats(school: School) -> list[LabelStat]:
    """Return, per label, how many comments carried it and how many were marked wrong."""
    rows = Comment.objects.filter(school=school).values_list("labels", "not_a_problem")
    flagged: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for labels, not_a_problem in rows.iterator():
        for label in labels or ():
            flagged[label] += 1
            wrong[label] += int(bool(not_a_problem))
    stats = [LabelStat(label, n, wrong[label]) for label, n in flagged.items()]
    return sorted(stats, key=lambda s: (-s.wrong_share, -s.flagged, s.label))


def praise(school: School, *, user: User) -> QuerySet[Comment]:
    """Return the praise the school received that the user may see, newest first (C4.5)."""
    qs = visible_comments(user, school).filter(label_index__contains=" praise ")
    return (
        qs.exclude(status__in=[Comment.Status.REJECTED, Comment.Status.DELETED])
        .select_related("post__current")
        .order_by("-submitted_at")
    )


def comments_open_on(school: School, post: Post) -> bool:
    """Return whether the post takes comments: the school's policy takes them
    at all, and the post is the school's, published and public."""
    from schoolgate.moderation.policy import comments_open

    if post.school_id != school.pk or not comments_open(school):
        return False
    return post.status == Post.Status.PUBLISHED and post.audience == Audience.PUBLIC


def approved_comments(post: Post) -> list[Comment]:
    """Return the post's comments that may be shown, oldest first."""
    return list(post.comments.displayable().order_by("submitted_at", "pk"))


def known_labels(school: School, *, user: User) -> list[str]:
    """Return the labels the comments the user may see carry, for the filter."""
    seen: set[str] = set()
    rows = visible_comments(user, school).values_list("labels", flat=True)
    for labels in rows[:2000]:
        seen.update(labels or ())
    return sorted(seen)


def contact_due(comment: Comment) -> str:
    """Return the clause asking the school to contact this comment's author, or "".

    Where the profile says a negative comment's author is contacted
    (`moderation.negative_handling:contact_commenter`, shire "Facebook and
    Twitter"), the policy asks it of every negative comment the school does
    not approve, not only of one it deletes: C4.2 holds it back, sends it to
    the head, removes it and contacts the person. So a comment that went to
    the head, or carries a label that sends it there, asks for a contact
    while it waits with the head, once it is rejected (hidden) and once it
    is deleted. The person is contacted once: a contact recorded on the same
    words on another platform (an echo) answers for all of them.
    """
    from schoolgate.moderation.policy import contact_clause, escalating_labels

    clause = contact_clause(comment.school)
    if not clause or comment.status == Comment.Status.APPROVED:
        return ""
    negative = (
        comment.status in (Comment.Status.ESCALATED, Comment.Status.DELETED)
        or comment.escalated_at is not None
        or bool(set(comment.labels or ()) & escalating_labels(comment.school))
    )
    if not negative or _contacted(comment):
        return ""
    return clause


def _contacted(comment: Comment) -> bool:
    """Return whether a contact is recorded for the comment or its echoes."""
    same = Q(comment=comment)
    if comment.echo_key:
        same |= Q(comment__school=comment.school, comment__echo_key=comment.echo_key)
    return ContactLog.objects.filter(same).exists()


def meeting_attendees(school: School) -> str:
    """Return who a parent in breach meets, as the profile names them, for the form.

    `moderation.parent_conduct:meeting_with` (stpeters "Parent social media
    use": the executive principal): the names of those holding the roles, then
    the roles themselves, so the form starts from the policy's answer.
    """
    from schoolgate.moderation.policy import meeting_roles
    from schoolgate.people.roles import Role
    from schoolgate.people.selectors import users_with_role

    parts = []
    for role in meeting_roles(school):
        label = Role(role).label if role in Role.values else role
        names = [u.get_full_name() or u.email for u in users_with_role(school, [role])]
        parts.append(f"{', '.join(names)} ({label})" if names else label)
    return "; ".join(parts)[:300]
