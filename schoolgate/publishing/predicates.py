"""Object checks of publishing, registered with the permission layer in registry.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schoolgate.policy.engine import Finding

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def four_eyes(user: User, target: Any) -> Finding | None:
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


def head_sees_all(user: User, school: Any) -> Finding | None:
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


def blog_account(user: User, school: Any) -> Finding | None:
    """Refuse publishing to the blog without approval to staff with no open blog
    account, where the profile asks for one (shire "Primary Blogger")."""
    from schoolgate.publishing.accounts import holds_blog_account
    from schoolgate.publishing.policy import BLOG_ACCOUNTS as rule
    from schoolgate.publishing.policy import blog_account_needed, source_of

    if school is None:
        return None
    if not blog_account_needed(school) or holds_blog_account(user, school):
        return None
    return Finding(
        rule,
        "You have no account on the school blog, so your posts go to an approver; "
        "the head makes blog accounts.",
        source_of(school, rule),
        severity="block",
        kind="access",
    )


def platform_listed(user: User, target: Any) -> Finding | None:
    """Refuse a new channel on a platform the school's policy does not list (C3.1).

    Channels already added stay as they are: their comments are still
    fetched and triaged (`moderation.external_comments`, a floor).
    """
    from schoolgate.publishing import policy
    from schoolgate.publishing.models import Channel

    if not isinstance(target, Channel) or target.kind in policy.channel_platforms(target.school):
        return None
    return Finding(
        policy.MANAGERS,
        f"Your school's policy does not list {target.get_kind_display()} among the "
        "platforms it uses; change the policy first.",
        policy.clause(target.school, policy.MANAGERS),
        severity="block",
        kind="access",
    )
