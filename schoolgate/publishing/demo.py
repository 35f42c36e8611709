"""Publishing for the demo trust: each school's channels and a few news posts.

Every school gets its blog and the social accounts its policy names
(`channels.managers` platforms), owned by the head, with no credentials: the
local "outbox" transport shows what would have been sent. The head publishes
three posts (heads publish directly on every profile), and a class teacher
writes one more, waiting for approval where the school's policy asks for it,
and records a request for comment from the press, passed to the roles the
school's policy names (the CEO at Gorsemoor, whmat 6.12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from schoolgate.people.models import RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.policy.selectors import school_policy
from schoolgate.publishing import services
from schoolgate.publishing.gate import cross_post_refusal, delivery_queue
from schoolgate.publishing.models import BlogAccount, Channel, Post, PressEnquiry
from schoolgate.publishing.policy import press_route_to, public_needs_reason
from schoolgate.publishing.selectors import channel_kinds, publishes_directly

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

KINDS = set(Channel.Kind.values)
POSTS = [
    (
        "Harvest festival thanks",
        "Thank you to every family who gave to our **harvest collection**. The food bank "
        "collected twelve crates on Friday.",
        ["Community"],
    ),
    (
        "Year 4 visit the river",
        "Our Year 4 classes spent a sunny morning measuring the river's flow and finding "
        "out which creatures live under the stones.",
        ["Trips", "Science"],
    ),
    (
        "Choir at the town hall",
        "The school choir sang at the town hall's winter concert. Thank you to everyone "
        "who came to listen.",
        ["Music"],
    ),
]
PUBLIC_REASON = "News for every family and the wider community, not one class."
WAITING = (
    "Sports week timetable",
    "Sports week starts on Monday. Please send your child in their PE kit every day.",
    ["Sport"],
)


def _holder(school: School, role: str) -> Any:
    found = RoleAssignment.objects.filter(school=school, role=role).select_related("user").first()
    return found.user if found else None


def demo_publishing_load(trust: Trust) -> int:
    """Add channels and posts to every school of the trust; return the posts made.

    Rows are made directly, under the demo's single "demo.loaded" audit
    entry; the social deliveries are queued like any others.
    """
    made = 0
    for school in School.objects.filter(trust=trust).order_by("slug"):
        head = _holder(school, Role.HEAD)
        if head is None:
            continue
        platforms = school_policy(school).param("channels.managers", "platforms")
        channels = [
            Channel.objects.create(
                school=school,
                kind=kind,
                name=school.name,  # shown as "School blog: <name>", the kind said once
                owner=head,
                # The demo's parents comment under its posts (moderation.channels).
                transport=Channel.Transport.SIMULATED,
            )
            for kind in dict.fromkeys(["blog", *platforms])
            if kind in KINDS  # instagram and youtube have no connector yet
        ]
        for title, body, tags in POSTS:
            _post(school, head, title, body, tags, channels, publish=True)
            made += 1
        teacher = _holder(school, Role.TEACHER)
        # The head made blog accounts for themselves and the class teacher (C3.2).
        for blogger in filter(None, (head, teacher)):
            BlogAccount.objects.get_or_create(
                school=school, user=blogger, closed_at=None, defaults={"created_by": head}
            )
        if teacher is not None:
            direct = publishes_directly(teacher, school, kinds=channel_kinds(channels))
            _post(school, teacher, *WAITING, channels, publish=direct)
            made += 1
            _press_enquiry(school, teacher)
    return made


def _press_enquiry(school: School, teacher: Any) -> None:
    """A request for comment the class teacher took, routed as the profile says (C3.8)."""
    PressEnquiry.objects.create(
        school=school,
        asked_by="Jo Marsh",
        outlet="The County Gazette",
        received_on=timezone.localdate(),
        question="We hear the school is changing its uniform supplier. Can you comment?",
        routed_to=sorted(press_route_to(school)),
        recorded_by=teacher,
    )


def _post(
    school: School,
    author: User,
    title: str,
    body: str,
    tags: list[str],
    channels: list[Channel],
    *,
    publish: bool,
) -> Post:
    # Where posts are private by default, the demo's news says why it is public (whmat 6.5).
    reason = PUBLIC_REASON if public_needs_reason(school) else ""
    post = Post.objects.create(
        school=school,
        author=author,
        slug=services.unique_slug(school, title),
        public_reason=reason,
    )
    services.save_content(post, title, body, channels, tags, [], author)
    if not publish:
        services.post_status_set(post, Post.Status.SUBMITTED)
        return post
    services.post_status_set(
        post, Post.Status.PUBLISHED, published=post.current, published_at=timezone.now()
    )
    for channel in channels:
        if channel.is_social and cross_post_refusal(post, channel) is None:
            delivery_queue(post=post, channel=channel)  # through the send gate, as any post
    return post
