"""Emails to moderators, with signed one-click links that expire.

A held comment goes to the roles the profile names as approvers; an escalated
one to the roles that decide escalated comments (C4.2: "told at once"). Each
email carries, per recipient, links signed with `django.core.signing` that
name the comment, the person and the verdict; they open a confirmation page
(a GET never changes anything, so a mail scanner following links is harmless).
The text of an escalated comment is not put in the email, only its labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core import signing
from django.urls import reverse

from schoolgate.moderation import policy
from schoolgate.moderation.models import Comment
from schoolgate.people.selectors import users_with_role

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

ONE_CLICK_SALT = "schoolgate.moderation.one-click"
ONE_CLICK_MAX_AGE = 3 * 24 * 3600  # three days
VERDICTS = ("approve", "reject")


def one_click_token(comment: Comment, user: User, verdict: str) -> str:
    """Return a signed token for one person to give one verdict on one comment."""
    return signing.dumps({"c": comment.pk, "u": user.pk, "v": verdict}, salt=ONE_CLICK_SALT)


def read_token(token: str) -> dict[str, Any]:
    """Return the token's contents; raise `signing.BadSignature` if forged or expired."""
    data = signing.loads(token, salt=ONE_CLICK_SALT, max_age=ONE_CLICK_MAX_AGE)
    if not isinstance(data, dict) or data.get("v") not in VERDICTS:
        raise signing.BadSignature("Not a moderation link.")
    return data


def recipients(comment: Comment) -> list[Any]:
    """Return the people to tell about the comment, by the school's policy."""
    if comment.status == Comment.Status.ESCALATED:
        roles = policy.escalation_roles(comment.school)
    else:
        roles = policy.notified_approvers(comment.school)
    from schoolgate.moderation.selectors import comment_visible_to

    people = users_with_role(comment.school, roles)
    # Nobody is emailed a comment the queue keeps from them (one naming them).
    return [u for u in people if u.email and comment_visible_to(u, comment)]


def notify(comment_id: int) -> int:
    """Email everyone who should act on a waiting comment; return how many."""
    from schoolgate.moderation.services import site_url

    comment = Comment.objects.select_related("school", "post").filter(pk=comment_id).first()
    if comment is None or not comment.is_waiting:
        return 0
    from schoolgate.notifications.services import notify

    base = site_url()
    escalated = comment.status == Comment.Status.ESCALATED
    return notify(
        topic_code="comments.escalated" if escalated else "comments.held",
        to=recipients(comment),
        subject=_subject(comment),
        body=lambda user: _body(comment, user, base),
        line=_line(comment),
        link=base + reverse("moderation:comment", kwargs={"pk": comment.pk}),
        school=comment.school,
        key=f"comment:{comment.pk}",
    )


def _line(comment: Comment) -> str:
    # A digest line: who and where, never the text (it may be withdrawn,
    # escalated or hidden from this reader by the time the digest goes).
    return f'From {comment.name} on "{comment.post}" ({comment.get_action_display().lower()})'


def _subject(comment: Comment) -> str:
    if comment.status == Comment.Status.ESCALATED:
        return f"Schoolgate: a comment needs the head's decision ({comment.school.name})"
    return f"Schoolgate: a comment is waiting for approval ({comment.school.name})"


def _body(comment: Comment, user: User, base: str) -> str:
    labels = ", ".join(comment.labels) or "none"
    page = base + reverse("moderation:comment", kwargs={"pk": comment.pk})
    lines = [
        f"A comment from {comment.name} is waiting at {comment.school.name}.",
        f"Triage suggests: {comment.get_action_display()}. Labels: {labels}.",
        "",
        f"Open it: {page}",
    ]
    if comment.status != Comment.Status.ESCALATED:
        lines += ["", f"Quoted: {comment.text[:500]}", ""]
    for verdict in VERDICTS:
        url = reverse(
            "moderation:one_click", kwargs={"token": one_click_token(comment, user, verdict)}
        )
        lines.append(f"{verdict.capitalize()} in one click: {base}{url}")
    lines += ["", "These links work for you only and expire in three days."]
    return "\n".join(lines)
