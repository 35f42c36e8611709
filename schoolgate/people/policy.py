"""The people rules as this app reads them from the school's policy: one small function each.

Services ask these rather than reading the school's policy themselves, so
each parameter has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy

TRUST = "people.trust"
ROLES = "people.roles"


def trust_roles(school: School) -> frozenset[str]:
    """Return the roles held across the trust, which a school's import may not grant."""
    return frozenset(school_policy(school).param(TRUST, "trust_roles"))


def online_safety_officer_named(school: School) -> bool:
    """Return whether the school's policy names an online-safety officer."""
    policy = school_policy(school)
    return bool(policy.enabled(ROLES) and policy.param(ROLES, "online_safety_officer"))


def appointed_roles(school: School) -> frozenset[str]:
    """Return the roles only named people appoint (head, DSL, HR by default)."""
    return frozenset(school_policy(school).param(ROLES, "appointed_roles"))


def appointments_four_eyes(school: School) -> bool:
    """Return whether a second person approves each appointment to those roles."""
    return bool(school_policy(school).param(ROLES, "appointments_four_eyes"))


def clause(school: School, rule_id: str) -> str:
    """Return where the school's policy says the rule, as a refusal cites it."""
    policy = school_policy(school)
    return f"{policy.code} policy: {policy.rule(rule_id).source}"


def source_or_profile(school: School, rule_id: str) -> str:
    """Return the clause that states the rule, or the profile's name where it cites none."""
    policy = school_policy(school)
    return policy.rule(rule_id).source or policy.code
