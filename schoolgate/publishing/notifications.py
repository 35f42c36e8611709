"""Emails publishing sends: a broken channel, an approval request, a lapsed
draft, a consent withdrawal carried out. Each is sent after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.text import get_text_list

from schoolgate.notifications.services import notify
from schoolgate.people.models import School
from schoolgate.people.roles import Role
from schoolgate.people.selectors import users_with_role

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def site_url(path: str) -> str:
    """Return the absolute address of a path on this Schoolgate."""
    return getattr(settings, "SCHOOLGATE_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def people_of(school: School, roles: Iterable[str], *extra: object) -> list[object]:
    """Return the role holders and any extra users, once each."""
    users = list(users_with_role(school, roles)) + [u for u in extra if u is not None]
    return list({u.pk: u for u in users}.values())  # type: ignore[attr-defined]


def channel_broken(channel_id: int) -> int:
    """Tell the head (and the channel's owner) that a channel stopped working."""
    from django.urls import reverse

    from schoolgate.publishing.models import Channel

    channel = Channel.objects.select_related("school", "owner").get(pk=channel_id)
    to = people_of(channel.school, [Role.HEAD], channel.owner)
    body = (
        f"{channel} at {channel.school.name} stopped working, so posts are not reaching it.\n\n"
        f"What the platform said: {channel.status_note or 'nothing'}\n\n"
        "Reconnect it (enter new credentials) here:\n"
        f"{site_url(reverse('publishing:channel', kwargs={'pk': channel.pk}))}\n\n"
        "Posts waiting for it can then be sent again from each post's page."
    )
    return notify(
        topic_code="publishing.channel",
        to=to,
        subject=f"Schoolgate: {channel} is broken",
        body=body,
        line=f"{channel} stopped working",
        link=site_url(reverse("publishing:channel", kwargs={"pk": channel.pk})),
        school=channel.school,
    )


def approval_requested(post_id: int) -> int:
    """Email each person who may approve the post, with signed one-click links."""
    from django.urls import reverse

    from schoolgate.publishing.links import MAX_AGE, approval_token
    from schoolgate.publishing.models import Post
    from schoolgate.publishing.selectors import approval_refusal, possible_approvers

    post = Post.objects.select_related("school", "author", "current").get(pk=post_id)
    approvers = [
        u for u in possible_approvers(post) if u.email and approval_refusal(u, post) is None
    ]

    def body(user: User) -> str:
        links = {
            d: site_url(
                reverse(
                    "publishing:approval_link",
                    kwargs={"token": approval_token(post=post, approver=user, decision=d)},
                )
            )
            for d in ("approve", "reject")
        }
        return (
            f'{post.author} sent "{post.title}" (version {post.current.number}) '  # type: ignore[union-attr]
            f"for approval at {post.school.name}.\n\n"
            f"Approve: {links['approve']}\n"
            f"Send back: {links['reject']}\n\n"
            f"Each link opens a page to confirm on, after you sign in; they work for "
            f"{MAX_AGE.days} days and only for this version: an edit needs a fresh look."
        )

    return notify(
        topic_code="publishing.approval",
        to=approvers,
        subject=f'Schoolgate: approve "{post.title}"?',
        body=body,
        line=f'"{post.title}" by {post.author}',
        link=site_url(reverse("publishing:post", kwargs={"pk": post.pk})),
        school=post.school,
        key=f"post:{post.pk}",
    )


def draft_lapsed(post_id: int, *, lapsed: bool) -> int:
    """Tell a post's author that the unapproved draft lapsed, or soon will."""
    from django.urls import reverse

    from schoolgate.publishing.models import Post

    post = Post.objects.select_related("author", "school").get(pk=post_id)
    if not post.author.email:
        return 0
    link = site_url(reverse("publishing:post", kwargs={"pk": post.pk}))
    if lapsed:
        subject = f'Schoolgate: "{post.title}" lapsed without approval'
        text = "was not approved in time and has lapsed. Edit it to start again"
    else:
        subject = f'Schoolgate: "{post.title}" will lapse in a few days'
        text = "is still not approved and lapses in a few days unless it is approved or edited"
    body = f'Your post "{post.title}" at {post.school.name} {text}:\n{link}\n'
    return notify(
        topic_code="publishing.lapse",
        to=[post.author],
        subject=subject,
        body=body,
        line=subject.removeprefix("Schoolgate: "),
        link=link,
        school=post.school,
    )


def parent_withdrew(
    pupil_id: int, user_id: int, post_id: int | None, uses: list[str] | None = None
) -> int:
    """Tell the school office and the head that a parent withdrew consent."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from schoolgate.people.models import Pupil
    from schoolgate.publishing.models import Post

    pupil = Pupil.objects.select_related("school").get(pk=pupil_id)
    user = get_user_model().objects.get(pk=user_id)
    to = people_of(pupil.school, [Role.OFFICE, Role.HEAD])
    from schoolgate.consent.selectors import use_label

    if post_id:
        what = f'for the item "{Post.objects.get(pk=post_id).title}"'
    elif uses:
        what = (
            f"for {get_text_list([use_label(u) for u in uses], 'and')} (the register is updated)"
        )
    else:
        what = "for every use of photos (the register is updated)"
    body = (
        f"{user} withdrew consent {what} for {pupil.first_name} {pupil.surname} "
        f"({pupil.class_name or pupil.year_group}).\n\n"
        "Schoolgate is taking the items down; what was done is listed here:\n"
        f"{site_url(reverse('publishing:takedowns'))}\n"
    )
    return notify(
        topic_code="publishing.consent_withdrawn",
        to=to,
        subject="Schoolgate: a parent withdrew photo consent",
        body=body,
        line=f"Consent withdrawn for {pupil.first_name} {pupil.surname}",
        link=site_url(reverse("publishing:takedowns")),
        school=pupil.school,
    )
