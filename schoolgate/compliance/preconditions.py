"""Conditions publishing and moderating actions may require (C6.1, C6.2).

An action lists them by name (`preconditions=["policy_signed",
"training_current"]`); each returns None when met, or a blocking finding that
says why not and which clause of the school's policy asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schoolgate.compliance import policy
from schoolgate.compliance.selectors import signoff_status, training_lapsed
from schoolgate.people.models import School
from schoolgate.policy.engine import Finding

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def policy_signed(user: User, school: School | None) -> Finding | None:
    """Refuse someone who has not signed the school's current policy version."""
    if school is None:
        return None
    if not policy.signoff_blocks_publishing(school):
        return None
    status = signoff_status(user, school)
    if not status.outstanding:
        return None
    return Finding(
        "signoff.required",
        f"Read and sign version {status.version} of the policy first.",
        policy.clause(school, policy.SIGNOFF),
        severity="block",
        kind="access",
    )


def training_current(user: User, school: School | None) -> Finding | None:
    """Refuse someone whose required policy training is missing or lapsed."""
    if school is None:
        return None
    if not policy.training_blocks_publishing(school):
        return None
    if not training_lapsed(user, school):
        return None
    return Finding(
        "training.staff",
        "Your social media training is missing or out of date; attend a session first.",
        policy.clause(school, policy.TRAINING),
        severity="block",
        kind="access",
    )
