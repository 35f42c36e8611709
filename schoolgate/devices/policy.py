"""The device rules as this app reads them from the school's policy: one small function each.

Views and services ask these rather than reading the school's policy
themselves, so each rule has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.engine import ProfileRule
from schoolgate.policy.selectors import school_policy

TRIP_PHONE = "devices.trip_phone"
PUPIL_PHONES = "devices.pupil_phones"
STAFF_IMEI = "devices.staff_imei"


def rule(school: School, rule_id: str) -> ProfileRule:
    """Return how the school's policy applies a device rule, to show it on a page."""
    return school_policy(school).rule(rule_id)


def staff_imei_asked(school: School) -> bool:
    """Return whether the policy asks staff to record their phone's IMEI."""
    return school_policy(school).enabled(STAFF_IMEI)
