"""Object checks of publishing, registered with the permission layer in rules.py."""

from __future__ import annotations

from typing import Any

from schoolgate.policy.engine import Finding


def four_eyes(user: Any, target: Any) -> Finding | None:
    """Refuse the author of a post approving it, where the profile asks for four eyes."""
    from schoolgate.publishing import policy
    from schoolgate.publishing.models import Post

    if not isinstance(target, Post) or target.author_id != getattr(user, "pk", None):
        return None
    if not policy.four_eyes(target.school):
        return None
    return Finding(
        policy.APPROVAL,
        "Nobody approves their own post: another approver must look at it.",
        policy.clause(target.school, policy.APPROVAL),
        severity="block",
        kind="access",
    )


def head_sees_all(user: Any, school: Any) -> Finding | None:
    """Refuse other people's drafts unless the profile lets the head see every post."""
    from schoolgate.publishing import policy

    if school is None or policy.head_sees_all(school):
        return None
    return Finding(
        policy.APPROVAL,
        "A draft is its author's own until it is sent on.",
        policy.clause(school, policy.APPROVAL),
        severity="block",
        kind="access",
    )
