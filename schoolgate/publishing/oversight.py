"""What went out: the head's view of posts published this week.

Under shire, teachers publish straight to the blog, Facebook and X without
approval (as that policy allows), so the head learns of it here: a dashboard
panel of today's and this week's posts (by whom, to which channels, with a
take-down), and a weekly summary email of the posts nobody approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from schoolgate.people.models import School
from schoolgate.publishing.models import Approval, OutboxItem, Post

#: Posts the panel lists before it points to the full list.
SHOWN = 10
WENT_OUT = (Post.Status.PUBLISHED, Post.Status.WITHDRAWN)


def week_start(day: dt.date) -> dt.date:
    """Return the Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def went_out(school: School, start: dt.date, end: dt.date | None = None) -> QuerySet[Post]:
    """Return the school's posts published from `start` (until `end`), newest
    first, each with `approved` and its social `deliveries`."""
    approved = Approval.objects.filter(
        post=OuterRef("pk"), version=OuterRef("published_id"), decision=Approval.Decision.APPROVED
    )
    deliveries = OutboxItem.objects.filter(kind=OutboxItem.Kind.PUBLISH).select_related("channel")
    posts = Post.objects.filter(
        school=school, status__in=WENT_OUT, published_at__gte=_midnight(start)
    )
    if end is not None:
        posts = posts.filter(published_at__lt=_midnight(end))
    return (
        posts.select_related("author", "published", "current")
        .annotate(approved=Exists(approved))
        .prefetch_related(Prefetch("outbox", queryset=deliveries, to_attr="deliveries"))
        .order_by("-published_at", "-pk")
    )


def oversight_panel(request: Any) -> dict[str, Any]:
    """Return this week's posts at the school for the dashboard: today's apart."""
    from schoolgate.core.permissions import can

    today = timezone.localdate()
    posts: list[Any] = list(went_out(request.school, week_start(today))[: SHOWN + 1])
    shown = posts[:SHOWN]
    return {
        "today": [p for p in shown if timezone.localdate(p.published_at) == today],
        "this_week": [p for p in shown if timezone.localdate(p.published_at) != today],
        "more": len(posts) > SHOWN,
        # The head's own posts go out directly too; they need no telling.
        "direct": sum(1 for p in shown if not p.approved and p.author_id != request.user.pk),
        "may_take_down": can(request.user, "publishing.take_down", request.school),
    }


def weekly_summary_text(school: School, posts: Iterable[Any], start: dt.date, base: str) -> str:
    """Return the weekly email: the week's posts published without approval."""
    direct = [p for p in posts if not p.approved]
    end = start + dt.timedelta(days=6)
    lines = [
        f"Published without approval at {school.name}, "
        f"{start:%a %d %b} to {end:%a %d %b %Y}: {len(direct) or 'none'}.",
        "",
    ]
    for post in direct:
        channels = ", ".join(["the blog", *(str(d.channel) for d in post.deliveries)])
        gone = " (since taken down)" if post.status == Post.Status.WITHDRAWN else ""
        when = timezone.localtime(post.published_at)
        lines.append(f'- {when:%a %d %b}: "{post.title}" by {post.author}, to {channels}{gone}')
    dashboard = base + reverse("web:dashboard")
    lines += ["", f"See this week's posts, and take one down, on your dashboard: {dashboard}"]
    return "\n".join(lines) + "\n"


def weekly_summary_send(*, today: dt.date | None = None) -> int:
    """Send each school's head last week's posts published without approval,
    once per week (a repeat run sends nothing); return how many schools'
    summaries were sent.
    """
    from django.db import IntegrityError, transaction

    from schoolgate.notifications.models import SummarySent

    start = week_start(today or timezone.localdate()) - dt.timedelta(days=7)
    done = SummarySent.objects.filter(kind="publishing.weekly", period_start=start)
    sent = 0
    for school in School.objects.exclude(pk__in=done.values("school_id")):
        try:
            with transaction.atomic():
                SummarySent.objects.create(
                    kind="publishing.weekly", school=school, period_start=start
                )
                sent += _summarise(school, start)
        except IntegrityError:  # another run got there first
            continue
    return sent


def _summarise(school: School, start: dt.date) -> int:
    from django.conf import settings
    from django.db import transaction

    from schoolgate.audit.services import audit_log
    from schoolgate.notifications.services import notify
    from schoolgate.people.selectors import users_with_role
    from schoolgate.publishing.policy import approvers

    week: list[Any] = list(went_out(school, start, start + dt.timedelta(days=7)))
    posts = [p for p in week if not p.approved]
    if not posts:  # a quiet inbox: nothing went out unapproved, so nothing to say
        return 0
    base = str(getattr(settings, "SCHOOLGATE_SITE_URL", "")).rstrip("/")
    heads = list(users_with_role(school, approvers(school)))
    body = weekly_summary_text(school, posts, start, base)
    audit_log(
        event="notifications.weekly_summary_sent",
        school=school,
        label=f"Week of {start:%d %b %Y}",
        extra={"posts": [p.pk for p in posts], "to": [u.pk for u in heads]},
    )
    transaction.on_commit(
        lambda: notify(
            topic_code="publishing.weekly",
            to=heads,
            subject=f"Schoolgate: published without approval at {school.name} last week",
            body=body,
            line=f"{len(posts)} post(s) published without approval",
            school=school,
        )
    )
    return 1
