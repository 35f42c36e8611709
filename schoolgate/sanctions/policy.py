"""The sanction rules as this app reads them from the school's policy: one small function each.

Selectors and services ask these rather than reading the school's policy
themselves, so each parameter has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy


def _rule(kind: str) -> str:
    from schoolgate.sanctions.registry import RULES

    return RULES[kind]


def provided_for(school: School, kind: str) -> bool:
    """Return whether the school's policy provides for sanctions of the kind."""
    return school_policy(school).enabled(_rule(kind))


def length_days(school: School, kind: str) -> int:
    """Return how many days a sanction of the kind lasts (0: until someone lifts it)."""
    return int(school_policy(school).param(_rule(kind), "days"))


def source(school: School, kind: str) -> str:
    """Return the clause of the school's policy that provides for the kind."""
    return school_policy(school).rule(_rule(kind)).source


def clause(school: School, kind: str) -> str:
    """Return the clause as a refusal cites it: the profile, then the clause."""
    return f"{school_policy(school).code} policy: {source(school, kind)}"


def supervised_use_only(school: School) -> bool:
    """Return whether an ICT ban leaves supervised use (shire), rather than none at all."""
    return bool(school_policy(school).param("sanctions.ict_ban", "supervised_use"))
