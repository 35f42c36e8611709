"""The publishing parameters of a school's policy, read in one place.

Small typed answers for the composer, the outbox and the press register:
what the one-way notice says, where a new post starts, whether a public
post needs a reason, and who hears about a press enquiry.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy
from schoolgate.publishing.models import Audience

CROSS_POST = "channels.cross_post"
ONE_WAY = "channels.one_way"
PRIVATE_BY_DEFAULT = "channels.private_by_default"
PRESS = "publishing.press_enquiries"
SPEAKING = "publishing.speaking_for_school"


def one_way_notice(school: School) -> str:
    """Return the notice each social post carries where the pages are one-way, else ""."""
    policy = school_policy(school)
    return str(policy.param(ONE_WAY, "notice")) if policy.enabled(ONE_WAY) else ""


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
