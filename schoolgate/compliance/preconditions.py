"""Conditions publishing and moderating actions may require (C6.1, C6.2).

An action lists them by name (`preconditions=["policy_signed",
"training_current"]`); each returns None when met, or a blocking finding that
says why not and which clause of the school's policy asks for it.
"""

from __future__ import annotations

from typing import Any

from schoolgate.compliance.selectors import signoff_status, training_lapsed
from schoolgate.people.models import School
from schoolgate.policy.engine import Finding
from schoolgate.policy.selectors import school_policy


def policy_signed(user: Any, school: School | None) -> Finding | None:
    """Refuse someone who has not signed the school's current policy version."""
    if school is None:
        return None
    policy = school_policy(school)
    if not policy.enabled("signoff.required"):
        return None
    if not policy.param("signoff.required", "blocks_publishing"):
        return None
    status = signoff_status(user, school)
    if not status.outstanding:
        return None
    return Finding(
        "signoff.required",
        f"Read and sign version {status.version} of the policy first.",
        f"{policy.code} policy: {policy.rule('signoff.required').source}",
        severity="block",
        kind="access",
    )


def training_current(user: Any, school: School | None) -> Finding | None:
    """Refuse someone whose required policy training is missing or lapsed."""
    if school is None:
        return None
    policy = school_policy(school)
    if not policy.enabled("training.staff"):
        return None
    if not policy.param("training.staff", "blocks_publishing"):
        return None
    if not training_lapsed(user, school):
        return None
    return Finding(
        "training.staff",
        "Your social media training is missing or out of date; attend a session first.",
        f"{policy.code} policy: {policy.rule('training.staff').source}",
        severity="block",
        kind="access",
    )
