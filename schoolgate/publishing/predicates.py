"""Object checks of publishing, registered with the permission layer in rules.py."""

from __future__ import annotations

from typing import Any

from schoolgate.policy.engine import Finding


def four_eyes(user: Any, target: Any) -> Finding | None:
    """Refuse the author of a post approving it, where the profile asks for four eyes."""
    from schoolgate.policy.selectors import school_policy
    from schoolgate.publishing.models import Post

    if not isinstance(target, Post) or target.author_id != getattr(user, "pk", None):
        return None
    policy = school_policy(target.school)
    if not policy.param("publishing.approval", "four_eyes"):
        return None
    return Finding(
        "publishing.approval",
        "Nobody approves their own post: another approver must look at it.",
        f"{policy.code} policy: {policy.rule('publishing.approval').source}",
        severity="block",
        kind="access",
    )
