"""The safeguarding rules as this app's pages read them from the school's policy.

Views ask these rather than reading the school's policy themselves, so each
rule has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.engine import ProfileRule
from schoolgate.policy.selectors import school_policy


def rule(school: School, rule_id: str) -> ProfileRule:
    """Return how the school's policy applies a safeguarding rule, to show it on a page."""
    return school_policy(school).rule(rule_id)


def step_order_kept(school: School, rule_id: str, param: str) -> bool:
    """Return whether the policy holds a step back until the steps before it are recorded."""
    return bool(school_policy(school).param(rule_id, param))
