"""The data rules as this app reads them from the school's policy: one small function each.

Services and the retention run ask these rather than reading the school's
policy themselves, so each parameter has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy

PROTECTION = "data.protection"
RETENTION = "data.retention"
# The retention periods `data.retention` sets, in days, by parameter.
RETENTION_PARAMS = (
    "days",
    "evidence_days",
    "outbox_days",
    "unpublished_photo_days",
    "expired_consent_days",
)


def subject_access_days(school: School) -> int:
    """Return how many days the school has to answer a subject-access request."""
    return int(school_policy(school).param(PROTECTION, "subject_access_days"))


def retention_days(school: School) -> dict[str, int]:
    """Return each retention period of `data.retention`, in days, by its parameter's name."""
    policy = school_policy(school)
    return {name: int(policy.param(RETENTION, name)) for name in RETENTION_PARAMS}
