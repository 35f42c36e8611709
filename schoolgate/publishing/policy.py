"""The publishing rules' parameters as this app reads them: one small typed function each.

Views, templates, selectors and services ask these; none reads the school's
policy itself, so each parameter has one place it is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schoolgate.people.models import School
from schoolgate.policy.engine import Decision
from schoolgate.policy.selectors import school_policy
from schoolgate.publishing.models import Audience

if TYPE_CHECKING:
    from schoolgate.publishing.checks import Draft

APPROVAL = "publishing.approval"
CROSS_POST = "channels.cross_post"
MANAGERS = "channels.managers"
EXTERNAL_COMMENTS = "moderation.external_comments"
ONE_WAY = "channels.one_way"
PRIVATE_BY_DEFAULT = "channels.private_by_default"
PRESS = "publishing.press_enquiries"
SPEAKING = "publishing.speaking_for_school"
BLOG_ACCOUNTS = "channels.staff_blog_accounts"


def four_eyes(school: School) -> bool:
    """Return whether nobody may approve their own post at the school."""
    return bool(school_policy(school).param(APPROVAL, "four_eyes"))


def head_sees_all(school: School) -> bool:
    """Return whether the head sees every post, drafts too (brize "Use of sites")."""
    return bool(school_policy(school).param(APPROVAL, "head_sees_all"))


def clause(school: School, rule_id: str) -> str:
    """Return where the school's policy says the rule, as a refusal cites it."""
    policy = school_policy(school)
    return f"{policy.code} policy: {policy.rule(rule_id).source}"


def professional_label(school: School) -> str:
    """Return the label every school channel carries, or "" where the policy sets none."""
    policy = school_policy(school)
    if not policy.enabled("channels.professional_label"):
        return ""
    return str(policy.param("channels.professional_label", "label"))


def one_way_notice(school: School) -> str:
    """Return the notice a one-way channel shows, or "" where the policy asks none."""
    policy = school_policy(school)
    if not policy.enabled("channels.one_way"):
        return ""
    return str(policy.param("channels.one_way", "notice"))


def source(school: School, rule_id: str) -> str:
    """Return the clause of the school's policy that states the rule."""
    return school_policy(school).rule(rule_id).source


def draft_expiry_days(school: School) -> int:
    """Return after how many days without a change an unapproved draft lapses."""
    return int(school_policy(school).param(APPROVAL, "draft_expiry_days"))


def default_audience(school: School) -> str:
    """Return the audience the composer starts a new post with (C3.10).

    A profile that keeps new posts private starts them with a class or key
    stage; "school" has no audience of its own among posts, so it starts public.
    """
    policy = school_policy(school)
    if not policy.enabled(PRIVATE_BY_DEFAULT):
        return Audience.PUBLIC
    wanted = str(policy.param(PRIVATE_BY_DEFAULT, "default_audience"))
    return wanted if wanted in Audience.values else Audience.PUBLIC


def public_needs_reason(school: School) -> bool:
    """Return whether a public post needs a recorded reason (whmat 6.5)."""
    policy = school_policy(school)
    return policy.enabled(PRIVATE_BY_DEFAULT) and bool(
        policy.param(PRIVATE_BY_DEFAULT, "public_needs_reason")
    )


def cross_post_targets(school: School) -> frozenset[str] | None:
    """Return the platforms blog posts are copied to, or None where the author chooses."""
    policy = school_policy(school)
    if not policy.enabled(CROSS_POST):
        return None
    return frozenset(policy.param(CROSS_POST, "targets"))


def statements_checked(school: School) -> bool:
    """Return whether posts that speak for the school need the named roles' approval."""
    return school_policy(school).enabled(SPEAKING)


def press_route_to(school: School) -> frozenset[str]:
    """Return the roles a press enquiry goes to (whmat 6.12: the CEO)."""
    return frozenset(school_policy(school).param(PRESS, "route_to"))


def source_of(school: School, rule_id: str) -> str:
    """Return the clause a rule comes from, as a decision cites it."""
    policy = school_policy(school)
    return f"{policy.code} policy: {policy.rule(rule_id).source}"


def channel_platforms(school: School) -> frozenset[str]:
    """Return the platforms the school's channel managers may add channels on (C3.1)."""
    return frozenset(school_policy(school).param(MANAGERS, "platforms"))


def monitored_platforms(school: School) -> frozenset[str]:
    """Return the platforms the policy names as monitored for comments (C4.6).

    Only what the channels page says: every active channel's comments are
    fetched whatever this holds (the rule's floor).
    """
    return frozenset(school_policy(school).param(EXTERNAL_COMMENTS, "platforms"))


def draft_decision(school: School, draft: Draft) -> Decision:
    """Return the school's policy's decision on a draft post (the checks before publishing)."""
    from schoolgate.publishing.checks import check_draft

    return check_draft(school_policy(school), draft)


def blog_account_needed(school: School) -> bool:
    """Return whether staff need an open blog account to publish to the blog unapproved."""
    return bool(school_policy(school).param(BLOG_ACCOUNTS, "needed_to_publish"))


def approvers(school: School) -> frozenset[str]:
    """Return the roles that approve posts (and read the weekly summary of what went out)."""
    return frozenset(school_policy(school).param(APPROVAL, "approvers"))


def profile_of(school: School) -> tuple[str, str]:
    """Return the code and version of the profile the school works under."""
    policy = school_policy(school)
    return policy.code, policy.version
