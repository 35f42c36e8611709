"""Comments for the demo trust, so the queue has something in it on `make run`.

On each school's first published public post: a word of praise, a question
for the office and a negative comment naming a member of staff (which the
school's policy sends to the head). A parent's email makes the last one
match a parent record, so its history and the head's actions show.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from schoolgate.moderation.services import comment_submit
from schoolgate.people.models import Parent, School, StaffMember, Trust
from schoolgate.publishing.models import Audience, Post


def _comments(teacher: str) -> list[tuple[str, str, str]]:
    return [
        (
            "Priya Shah",
            "family",
            "What a wonderful morning! Thank you to all the staff, the children loved it.",
        ),
        ("Tom Evans", "parent", "Could you tell us what time the coach gets back on Friday?"),
        (
            "Disgruntled Parent",
            "parent",
            f"{teacher} is useless and unfair to my son. Disgraceful teaching, I'm furious.",
        ),
    ]


def demo_moderation_load(trust: Trust) -> int:
    """Add three comments to each school of the trust; return how many were stored."""
    made = 0
    for school in School.objects.filter(trust=trust).order_by("slug"):
        post = (
            Post.objects.filter(
                school=school, status=Post.Status.PUBLISHED, audience=Audience.PUBLIC
            )
            .order_by("published_at")
            .first()
        )
        staff = StaffMember.objects.filter(school=school, is_current=True).first()
        if post is None or staff is None:
            continue
        parent = Parent.objects.filter(school=school).exclude(email="").first()
        for n, (name, relationship, text) in enumerate(_comments(staff.formal_name)):
            email = parent.email if parent and n == 2 else f"demo{n}@{school.slug}.example"
            comment_submit(
                school=school,
                post=post,
                name=name,
                email=email,
                relationship=relationship,
                text=text,
                submitted_at=timezone.now() - dt.timedelta(hours=30 - 10 * n),
            )
            made += 1
    return made
