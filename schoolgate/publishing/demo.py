"""Publishing for the demo trust: each school's channels and a few news posts.

Every school gets its blog and the social accounts its policy names
(`channels.managers` platforms), owned by the head, with no credentials: the
local "outbox" transport shows what would have been sent. The head publishes
three posts (heads publish directly on every profile), and a class teacher
writes one more, waiting for approval where the school's policy asks for it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from schoolgate.people.models import RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.policy.selectors import school_policy
from schoolgate.publishing import services
from schoolgate.publishing.gate import delivery_queue
from schoolgate.publishing.models import BlogAccount, Channel, Post
from schoolgate.publishing.selectors import channel_kinds, publishes_directly

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
        if teacher is not None:
            # The head made the class teacher's blog account (C3.2).
            BlogAccount.objects.get_or_create(
                school=school, user=teacher, closed_at=None, defaults={"created_by": head}
            )
            direct = publishes_directly(teacher, school, kinds=channel_kinds(channels))
            _post(school, teacher, *WAITING, channels, publish=direct)
            made += 1
    return made


def _post(
    school: School,
    author: Any,
    title: str,
    body: str,
    tags: list[str],
    channels: list[Channel],
    *,
    publish: bool,
) -> Post:
    post = Post.objects.create(
        school=school, author=author, slug=services.unique_slug(school, title)
    )
    services.save_content(post, title, body, channels, tags, [], author)
    if not publish:
        services.post_status_set(post, Post.Status.SUBMITTED)
        return post
    services.post_status_set(
        post, Post.Status.PUBLISHED, published=post.current, published_at=timezone.now()
    )
    for channel in channels:
        if channel.is_social:
            delivery_queue(post=post, channel=channel)  # through the send gate, as any post
    return post
