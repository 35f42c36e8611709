"""Reads for publishing: the school's roster for the checks, posts and channels."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from schoolgate.checks.names import Person
from schoolgate.core.permissions import can, decide
from schoolgate.people.models import Parent, Pupil, School, StaffMember
from schoolgate.people.roles import STAFF_ROLES, Role
from schoolgate.people.selectors import children_of, roles_at
from schoolgate.policy.engine import Decision, Finding
from schoolgate.publishing.attachments import post_photos
from schoolgate.publishing.checks import (
    CHANNEL_KINDS,
    PUBLISH,
    Draft,
    Roster,
    TaggedPupil,
)
from schoolgate.publishing.models import (
    Audience,
    Channel,
    Correction,
    OutboxItem,
    Post,
    PublishingPause,
)
from schoolgate.publishing.policy import draft_decision, profile_of

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

# Rosters kept per process; building a matcher is the slow part of a check.
_ROSTERS: OrderedDict[int, tuple[Any, Roster]] = OrderedDict()
ROSTER_CACHE_SIZE = 32


def _fingerprint(school: School) -> tuple[Any, ...]:
    """Return what changes whenever anyone joins, leaves or is renamed.

    Imports use bulk_create and update(), which send no signals, so the cache
    is keyed on counts and the latest change instead of being cleared by them.
    """
    parts: list[Any] = []
    for model in (Pupil, Parent, StaffMember):
        stats = model.objects.filter(school=school).aggregate(n=Count("pk"), at=Max("updated_at"))
        parts += [stats["n"], stats["at"]]
    return tuple(parts)


def roster_for(school: School) -> Roster:
    """Return the school's roster (pupils, staff, parents), rebuilt only after a change."""
    key = _fingerprint(school)
    cached = _ROSTERS.get(school.pk)
    if cached is not None and cached[0] == key:
        _ROSTERS.move_to_end(school.pk)
        return cached[1]
    roster = Roster(_people(school))
    _ROSTERS[school.pk] = (key, roster)
    while len(_ROSTERS) > ROSTER_CACHE_SIZE:
        _ROSTERS.popitem(last=False)
    return roster


def _people(school: School) -> list[Person]:
    pupils = Pupil.objects.filter(school=school).values_list(
        "pk", "first_name", "surname", "preferred_name"
    )
    staff = StaffMember.objects.filter(school=school, is_current=True).values_list(
        "pk", "first_name", "surname", "title"
    )
    parents = Parent.objects.filter(school=school).values_list(
        "pk", "first_name", "surname", "title"
    )
    people = [Person(f"pupil:{pk}", "pupil", f, s, p) for pk, f, s, p in pupils]
    people += [Person(f"staff:{pk}", "staff", f, s, title=t) for pk, f, s, t in staff]
    people += [Person(f"parent:{pk}", "parent", f, s, title=t) for pk, f, s, t in parents]
    return people


# ---------------------------------------------------------------------------
# Checking posts
# ---------------------------------------------------------------------------

CONSENT_USE = {"blog": "blog", "social": "social"}


def channel_kinds(channels: Iterable[Channel]) -> list[str]:
    """Return the kinds of check a post needs: "blog", "social" or both."""
    kinds = {"social" if c.is_social else "blog" for c in channels}
    return [k for k in CHANNEL_KINDS if k in kinds] or ["blog"]


def tagged_pupils(pupils: Sequence[Pupil], kind: str) -> list[TaggedPupil]:
    """Return the tagged pupils with their consent for a kind of channel.

    The photo-consent register answers, for the use the kind of channel is.
    """
    from schoolgate.consent.selectors import photo_consent

    tagged = []
    for pupil in pupils:
        name = pupil.preferred_name or pupil.first_name
        answer = photo_consent(pupil, CONSENT_USE[kind])
        tagged.append(TaggedPupil(f"pupil:{pupil.pk}", name, answer.allowed, answer.reason))
    return tagged


def check_content(
    *,
    school: School,
    author: User,
    title: str,
    body: str,
    channels: Sequence[Channel] = (),
    pupils: Sequence[Pupil] = (),
    post: Post | None = None,
    framing: Framing | None = None,
) -> Decision:
    """Return the policy's decision on a post's content, over every kind of channel.

    With `post`, its uploaded photos are checked too: their faces, cameras and
    file names, and the pupils tagged in them. `framing` is the audience and
    statement mark as typed in the composer (else the post's own).
    """
    per_kind = findings_per_kind(
        school,
        author,
        title,
        body,
        channels=channels,
        pupils=pupils,
        post=post,
        framing=framing,
    )
    withheld = _withheld(per_kind)
    findings: dict[tuple[Any, ...], Finding] = {}
    for kind, found in per_kind.items():
        for finding in found:
            if kind in withheld and finding.severity == "block":
                finding = replace(
                    finding,
                    severity="warn",
                    reason=f"Not sent to {KIND_LABELS[kind]}, only to the blog: {finding.reason}",
                )
            findings.setdefault((finding.rule, finding.reason, finding.span), finding)
    return Decision(PUBLISH, tuple(findings.values()), *profile_of(school))


KIND_LABELS = {"blog": "the blog", "social": "social media"}


@dataclass(frozen=True)
class Framing:
    """Who a post is for and whether it speaks for the school, as the checks see it."""

    audience: str = Audience.PUBLIC
    public_reason: str = ""
    speaks_for_school: bool = False

    @classmethod
    def of(cls, post: Post | None) -> Framing:
        if post is None:
            return cls()
        return cls(post.audience, post.public_reason, post.speaks_for_school)


def findings_per_kind(
    school: School,
    author: User,
    title: str,
    body: str,
    *,
    channels: Sequence[Channel],
    pupils: Sequence[Pupil],
    post: Post | None,
    framing: Framing | None = None,
) -> dict[str, tuple[Finding, ...]]:
    """Return the checks' findings for each kind of channel the post goes to."""
    framing = framing or Framing.of(post)
    photos, pictures, shown = _post_photos(post)
    pupils = [*pupils, *(p for p in shown if p not in pupils)]
    roster = roster_for(school)
    text = f"{title}\n\n{body}" if title else body
    roles = roles_at(author, school)
    per_kind = {}
    for kind in channel_kinds(channels):
        draft = Draft(
            text,
            channel=kind,
            roster=roster,
            photos=photos,
            tagged=tagged_pupils(pupils, kind),
            author_roles=roles,
            pictures=pictures,
            audience=framing.audience,
            public_reason=framing.public_reason,
            speaks_for_school=framing.speaks_for_school,
        )
        per_kind[kind] = draft_decision(school, draft).findings
    return per_kind


def _withheld(per_kind: dict[str, tuple[Finding, ...]]) -> frozenset[str]:
    """Return the kinds of channel a post skips because consent for that use is missing.

    A pupil whose parents agreed to the blog but not to social media keeps
    the post off social media only; the blog still gets it. The blog itself
    is never skipped: without blog consent the whole post is blocked.
    """
    blog = per_kind.get("blog")
    social = per_kind.get("social")
    if blog is None or social is None or any(f.severity == "block" for f in blog):
        return frozenset()
    blocks = [f for f in social if f.severity == "block"]
    if blocks and all(f.kind == "consent" for f in blocks):
        return frozenset({"social"})
    return frozenset()


def withheld_kinds(post: Post) -> frozenset[str]:
    """Return the kinds of channel ("social") the post's current version must skip."""
    version = post.current
    assert version is not None
    per_kind = findings_per_kind(
        post.school,
        post.author,
        version.title,
        version.body,
        channels=list(post.channels.all()),
        pupils=list(post.pupils.all()),
        post=post,
    )
    return _withheld(per_kind)


def check_post(post: Post) -> Decision:
    """Return the policy's decision on the post's current version."""
    version = post.current
    assert version is not None
    return check_content(
        school=post.school,
        author=post.author,
        title=version.title,
        body=version.body,
        channels=list(post.channels.all()),
        pupils=list(post.pupils.all()),
        post=post,
    )


def _post_photos(post: Post | None) -> tuple[list[Any], list[Any], list[Pupil]]:
    """Return the post's photos, their facts and the pupils tagged in them.

    Empty when there is no post yet.
    """
    if post is None or post.pk is None:
        return [], [], []
    return post_photos().facts(post)


def publishes_directly(user: User, school: School, *, kinds: Iterable[str]) -> bool:
    """Return whether the profile lets the user publish to every kind of channel
    in `kinds` ("blog", "social") without approval."""
    from schoolgate.publishing.registry import DIRECT_ACTIONS

    return all(can(user, DIRECT_ACTIONS[kind], school) for kind in kinds)


def post_publishes_directly(user: User, post: Post) -> bool:
    """Return whether the user's sending the post on publishes it to all its channels."""
    return publishes_directly(user, post.school, kinds=channel_kinds(post.channels.all()))


@dataclass(frozen=True)
class SendOn:
    """What sending a post on does, as its author's button says it."""

    publishes: bool
    label: str
    channels: tuple[str, ...] = ()
    # Why it goes for approval when the author's role alone would publish it.
    why: str = ""
    # What the checks block it for: while there is any, it cannot be sent on.
    blocked: tuple[str, ...] = ()


def send_on_outcome(user: User, post: Post) -> SendOn | None:
    """Return what the author's sending the post on would do, or None when it
    cannot be sent on (waiting for approval, or already out)."""
    waiting = (Post.Status.DRAFT, Post.Status.REJECTED, Post.Status.EXPIRED)
    correcting = post.status == Post.Status.PUBLISHED and post.correction in (
        Correction.DRAFT,
        Correction.REJECTED,
    )
    if (post.status not in waiting and not correcting) or post.current is None:
        return None
    what = "the correction " if correcting else ""
    decision = check_post(post)
    if decision.outcome == "allow" and post_publishes_directly(user, post):
        names = destinations(post)
        return SendOn(True, f"Publish {what}now to {_and(names)}", tuple(names))
    return SendOn(
        False,
        f"Send {what}to {_approvers_named(post)} for approval",
        why=_no_account(user, post),
        blocked=tuple(f.reason for f in decision.blocking),
    )


def _no_account(user: User, post: Post) -> str:
    """Return why the author's blog posts need approval for want of a blog account, or ""."""
    decision = decide(user, "publishing.publish_blog_directly", post.school)
    found = [f for f in decision.findings if f.rule == "channels.staff_blog_accounts"]
    return f"{found[0].reason} ({found[0].source})" if found else ""


def destinations(post: Post) -> list[str]:
    """Return where publishing the post puts it: the blog, then each social channel."""
    social = [str(c) for c in post.channels.all() if c.is_active and c.is_social]
    return ["the school blog", *social]


def _approvers_named(post: Post) -> str:
    able = [u for u in possible_approvers(post) if approval_refusal(u, post) is None]
    if not able or len(able) > 3:
        return "the approvers"
    return " or ".join(str(u) for u in able)


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def photos_for_review(post: Post) -> list[Any]:
    """Return the post's photos with their faces, as an approver sees them."""
    return post_photos().for_review(post)


def approval_action(post: Post) -> str:
    """Return the action that approving this post takes.

    A head's own post goes to a deputy or the executive head, so no head
    approves their own work even where the head is the only approver; a post
    that speaks for the school goes to the roles the profile names for that.
    """
    if Role.HEAD in roles_at(post.author, post.school):
        return "publishing.approve_heads_post"
    if post.speaks_for_school:
        return "publishing.speak_for_school"
    return "publishing.approve"


def approval_decision(user: User, post: Post) -> Decision:
    """Return whether the user may approve the post, with each rule and clause."""
    return decide(user, approval_action(post), post)


def possible_approvers(post: Post) -> list[Any]:
    """Return the people holding a role that approves the post (checks still apply)."""
    from schoolgate.core.permissions import roles_allowed
    from schoolgate.people.selectors import users_with_role

    roles = roles_allowed(approval_action(post), post.school)
    return list(users_with_role(post.school, roles).exclude(pk=post.author_id))


# The statuses a post may be approved (or sent back) from.
APPROVABLE = (Post.Status.SUBMITTED, Post.Status.DRAFT, Post.Status.REJECTED)
NOT_WAITING = "This post is not waiting for approval."


def approval_refusal(user: User, post: Post) -> str | None:
    """Return why the user may not approve the post (reason and clause), or None."""
    correcting = post.status == Post.Status.PUBLISHED and post.correction
    if post.status not in APPROVABLE and not correcting:
        return NOT_WAITING
    decision = approval_decision(user, post)
    if decision.allowed:
        return None
    first = decision.blocking[0] if decision.blocking else decision.findings[0]
    return f"{first.reason} ({first.source})"


def is_paused(school: School) -> bool:
    """Return whether publishing is paused for the school or its whole trust."""
    return PublishingPause.objects.filter(
        Q(school=school) | Q(trust_id=school.trust_id, school__isnull=True),
        lifted_at__isnull=True,
    ).exists()


def open_pause(school: School) -> PublishingPause | None:
    """Return the pause in force for the school (its own first), if any."""
    return (
        PublishingPause.objects.filter(
            Q(school=school) | Q(trust_id=school.trust_id, school__isnull=True),
            lifted_at__isnull=True,
        )
        .order_by("school")
        .first()
    )


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def access_channel_for(user: User, pk: int) -> Channel:
    """Return the channel if the user manages channels at its school; else Http404."""
    channel = Channel.objects.select_related("school", "owner").filter(pk=pk).first()
    if channel is None or not can(user, "publishing.manage_channels", channel):
        raise Http404("No such channel.")
    return channel


def channels_of(school: School) -> list[Channel]:
    """Return the school's channels with their owners."""
    return list(Channel.objects.filter(school=school).select_related("owner"))


def access_post_for(user: User, pk: int) -> Post:
    """Return the post for its author or a reviewer at its school; else Http404."""
    post = (
        Post.objects.select_related("school", "author", "current", "published")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404("No such post.")
    if post.author_id == user.pk and roles_at(user, post.school):
        return post
    if can(user, "publishing.review", post) and (
        post.status not in PRIVATE_DRAFT or sees_drafts(user, post.school)
    ):
        return post
    raise Http404("No such post.")


# A draft is the author's own until it is sent on, unless the profile says
# the head sees every post (brize "Use of sites").
PRIVATE_DRAFT = (Post.Status.DRAFT,)


def sees_drafts(user: User, school: School) -> bool:
    """Return whether the user sees other people's drafts: the head, where the profile says."""
    return can(user, "publishing.see_drafts", school)


def posts_for(
    user: User, school: School, *, q: str = "", status: str = "", author: Actor = None
) -> QuerySet[Post]:
    """Return the posts a user sees at the school, newest change first: their
    own, or all for reviewers; filtered by status and author, and searched in
    the current title and body (every word must appear)."""
    posts = Post.objects.filter(school=school).select_related("current", "author")
    if not can(user, "publishing.review", school):
        posts = posts.filter(author=user)
    elif not sees_drafts(user, school):
        posts = posts.filter(Q(author=user) | ~Q(status__in=PRIVATE_DRAFT))
    if status:
        posts = posts.filter(status=status)
    if author is not None:
        posts = posts.filter(author=author)
    for word in q.split():
        posts = posts.filter(Q(current__title__icontains=word) | Q(current__body__icontains=word))
    return posts.order_by("-updated_at", "-pk")


def post_authors(user: User, school: School) -> list[Any]:
    """Return the authors of the posts a user sees at the school, by name;
    empty for a user who sees only their own."""
    if not can(user, "publishing.review", school):
        return []
    visible = posts_for(user, school).values("author")
    authors = get_user_model().objects.filter(pk__in=visible)
    return sorted(authors, key=lambda a: str(a).casefold())


def review_queue(user: User, school: School) -> list[Post]:
    """Return the posts waiting for approval that this user may approve."""
    waiting = list(
        Post.objects.filter(
            Q(status=Post.Status.SUBMITTED)
            | Q(status=Post.Status.PUBLISHED, correction=Correction.SUBMITTED),
            school=school,
        ).select_related("current", "author")
    )
    # One school object and one object per author, so that the policy and each
    # author's roles are read once, not once per post.
    authors: dict[int, Any] = {}
    for post in waiting:
        post.school = school
        post.author = authors.setdefault(post.author_id, post.author)
    return [post for post in waiting if approval_refusal(user, post) is None]


def public_posts(school: School, *, q: str = "", tag: str = "") -> QuerySet[Post]:
    """Return the school's published public posts, newest first, searched and by tag."""
    posts = Post.objects.filter(
        school=school, status=Post.Status.PUBLISHED, audience=Audience.PUBLIC
    ).select_related("published")
    if tag:
        posts = posts.filter(tags__slug=tag)
    for word in q.split()[:8]:
        posts = posts.filter(
            Q(published__title__icontains=word) | Q(published__body__icontains=word)
        )
    return posts.prefetch_related("tags").order_by("-published_at", "-pk")


def public_post(school: School, slug: str) -> Post:
    """Return a published public post of the school, or Http404."""
    post = public_posts(school).filter(slug=slug).first()
    if post is None:
        raise Http404("No such post.")
    return post


def outbox_of(post: Post) -> list[OutboxItem]:
    """Return each channel's delivery of the post, newest version first."""
    return list(post.outbox.select_related("channel", "version").order_by("channel__name", "-pk"))


def photo_limits(post: Post) -> list[str]:
    """Return, per social channel of the post that takes fewer photos than it has, a note.

    "X (Twitter) takes at most 4 photos a post: the first 4 of 6 go there; the
    blog shows them all."
    """
    from schoolgate.publishing.connectors import MAX_IMAGES

    count = len(post_photos().public(post))
    notes = []
    for channel in post.channels.order_by("name"):
        limit = MAX_IMAGES.get(channel.kind)
        if channel.is_social and limit is not None and count > limit:
            notes.append(
                f"{channel} ({channel.get_kind_display()}) takes at most {limit} photos a post: "
                f"the first {limit} of {count} go there; the blog shows them all."
            )
    return notes


def reshareable_channels(post: Post) -> list[Channel]:
    """Return the post's social channels it can be sent to again.

    Those whose latest delivery of the published version failed, was held
    or withdrawn, or that never got one (the send gate still decides).
    """
    if post.status != Post.Status.PUBLISHED or post.published_id is None:
        return []
    latest: dict[int, str] = {}
    for channel_id, status, kind in (
        post.outbox.filter(version_id=post.published_id)
        .order_by("pk")
        .values_list("channel_id", "status", "kind")
    ):
        # A correction's edit that failed is sent again, not posted anew
        # beside the copy it corrects.
        latest[channel_id] = "edit" if kind == OutboxItem.Kind.EDIT else status
    done = {
        OutboxItem.Status.FAILED,
        OutboxItem.Status.RETRYING,
        OutboxItem.Status.WITHDRAWN,
        OutboxItem.Status.HELD,
    }
    from schoolgate.publishing.gate import cross_post_refusal

    return [
        c
        for c in post.channels.exclude(kind=Channel.Kind.BLOG)
        if (c.pk not in latest or latest[c.pk] in done) and cross_post_refusal(post, c) is None
    ]


def broken_channels(school: School | None) -> list[Channel]:
    """Return the school's active channels that stopped working."""
    return list(
        Channel.objects.filter(school=school, status=Channel.Status.BROKEN, is_active=True)
    )


# ---------------------------------------------------------------------------
# Private blog areas: a class's or key stage's parents, signed in
# ---------------------------------------------------------------------------


def key_stage_of(year_group: str) -> str:
    """Return the key stage of a year group ("Year 4" -> "KS2"; Reception -> "EYFS")."""
    words = year_group.lower().split()
    if not words:
        return ""
    if words[0] in ("reception", "nursery"):
        return "EYFS"
    number = int(words[-1]) if words[-1].isdigit() else 0
    return {1: "KS1", 2: "KS1", 3: "KS2", 4: "KS2", 5: "KS2", 6: "KS2"}.get(number, "")


def private_posts_for(user: User, school: School) -> QuerySet[Post]:
    """Return the published private posts the user may read at the school.

    Staff at the school read them all; a parent reads those for their
    children's classes and key stages; anyone else reads none.
    """
    posts = Post.objects.filter(school=school, status=Post.Status.PUBLISHED).exclude(
        audience=Audience.PUBLIC
    )
    if roles_at(user, school) & STAFF_ROLES:
        return posts.select_related("published").order_by("-published_at")
    children = children_of(user, school)
    classes = {c.class_name.lower() for c in children if c.class_name}
    stages = {key_stage_of(c.year_group).lower() for c in children} - {""}
    allowed = [
        p.pk
        for p in posts.only("pk", "audience", "audience_value")
        if (p.audience == Audience.CLASS and p.audience_value.lower() in classes)
        or (p.audience == Audience.KEY_STAGE and p.audience_value.lower() in stages)
    ]
    return (
        Post.objects.filter(pk__in=allowed).select_related("published").order_by("-published_at")
    )


def access_private_post_for(user: User, school: School, slug: str) -> Post:
    """Return a private post the user may read, or the same Http404 as for none."""
    post = private_posts_for(user, school).filter(slug=slug).first()
    if post is None:
        raise Http404("No such post.")
    return post


def takedowns_of(school: School) -> Any:
    """Return the school's takedowns, newest first, with their pupils and steps."""
    from django.db.models import Prefetch

    from schoolgate.publishing.models import Takedown, TakedownStep

    steps = TakedownStep.objects.select_related("post__current", "outbox_item__channel")
    return (
        Takedown.objects.filter(school=school)
        .select_related("pupil", "requested_by")
        .prefetch_related(Prefetch("steps", queryset=steps))
    )


def channel_sent(channel: Channel, *, q: str = "", status: str = "") -> QuerySet[OutboxItem]:
    """Return what went to a channel, newest first: each delivery, edit and withdrawal,
    searched in the title of the version it carried (every word must appear)."""
    items = OutboxItem.objects.filter(channel=channel).select_related("post", "version")
    if status:
        items = items.filter(status=status)
    for word in q.split()[:8]:
        items = items.filter(version__title__icontains=word)
    return items.order_by("-created_at", "-pk")
