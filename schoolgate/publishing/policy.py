"""The publishing rules' parameters as this app reads them: one small typed function each.

Views, templates, selectors and services ask these; none reads the school's
policy itself, so each parameter has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy

APPROVAL = "publishing.approval"


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
