"""The consent rules' parameters as this app reads them: one small typed function each.

Views ask these rather than reading the school's policy themselves, so each
parameter has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy

RULE = "consent.photo"
SHEET = "consent.do_not_post_list"


def uses_asked(school: School) -> list[str]:
    """Return the uses the school asks consent for, in the register's order."""
    from schoolgate.consent.selectors import policy_uses

    return policy_uses(school_policy(school))


def expiry_months(school: School) -> int:
    """Return how many months an answer stands before it must be renewed."""
    return int(school_policy(school).param(RULE, "expiry_months"))


def renewal_notice_days(school: School) -> int:
    """Return how many days before an answer lapses its renewal is asked for."""
    return int(school_policy(school).param(RULE, "renewal_notice_days"))


def refusal_wins(school: School) -> bool:
    """Return whether one parent's refusal outweighs the other's consent."""
    return bool(school_policy(school).param(RULE, "refusal_wins"))


def sheet_kept_at(school: School) -> str:
    """Return where the do-not-post list is kept, in the policy's words."""
    return str(school_policy(school).param(SHEET, "kept_at"))


def sheet_printable(school: School) -> bool:
    """Return whether the school prints the do-not-post list."""
    return bool(school_policy(school).param(SHEET, "printable"))


def source(school: School, rule_id: str = RULE) -> str:
    """Return the clause of the school's policy that states the rule."""
    return school_policy(school).rule(rule_id).source
