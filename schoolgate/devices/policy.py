"""The device rules as this app reads them from the school's policy: one small function each.

Views and services ask these rather than reading the school's policy
themselves, so each rule has one place it is read.
"""

from __future__ import annotations

from typing import Any

from schoolgate.people.models import School
from schoolgate.policy.engine import Decision, ProfileRule, evaluate
from schoolgate.policy.selectors import school_policy

REGISTER = "devices.register"
TRIP_PHONE = "devices.trip_phone"
PUPIL_PHONES = "devices.pupil_phones"
STAFF_IMEI = "devices.staff_imei"


def rule(school: School, rule_id: str) -> ProfileRule:
    """Return how the school's policy applies a device rule, to show it on a page."""
    return school_policy(school).rule(rule_id)


def staff_imei_asked(school: School) -> bool:
    """Return whether the policy asks staff to record their phone's IMEI."""
    return school_policy(school).enabled(STAFF_IMEI)


def decision(school: School, context: str, facts: Any) -> Decision:
    """Return the school's policy's decision, by its engine checks of the context, on facts."""
    return evaluate(school_policy(school), context, facts)


def register_kinds(school: School) -> frozenset[str]:
    """Return the kinds of device the register holds, a trip phone too where that rule is on."""
    policy = school_policy(school)
    kinds = set(policy.param(REGISTER, "kinds"))
    if policy.enabled(TRIP_PHONE):
        kinds.add("trip_phone")  # Device.Kind.TRIP_PHONE: that rule needs one in the register
    return frozenset(kinds)


def imei_prompt_clause(school: School) -> str:
    """Return the clause asking staff to note their phone's IMEI, or "" where none does."""
    policy = school_policy(school)
    if not (policy.enabled(STAFF_IMEI) and policy.param(STAFF_IMEI, "prompt_staff")):
        return ""
    return f"{policy.code} policy: {policy.rule(STAFF_IMEI).source}"


def phones_stay_behind_clause(school: School) -> str:
    """Return the clause keeping pupils' phones off school visits, or "" where none does."""
    policy = school_policy(school)
    if not policy.enabled(PUPIL_PHONES) or policy.param(PUPIL_PHONES, "allowed_on_trips"):
        return ""
    return f"{policy.code} policy: {policy.rule(PUPIL_PHONES).source}"
