"""The consent rules' parameters as this app reads them: one small typed function each.

Views, selectors, forms and services ask these rather than reading the
school's policy themselves, so each parameter has one place it is read.
Deciding a pupil's consent needs several of them at once: `photo_terms`
gathers them, read once per school.
"""

from __future__ import annotations

from dataclasses import dataclass

from schoolgate.people.models import School
from schoolgate.policy.engine import Profile
from schoolgate.policy.selectors import school_policy

RULE = "consent.photo"
PUPIL_OWN = "consent.pupil_own"
STAFF_RULE = "consent.colleagues"
SHEET = "consent.do_not_post_list"


@dataclass(frozen=True, slots=True)
class PhotoTerms:
    """What the school's policy says of photo consent (`consent.photo`, `consent.pupil_own`)."""

    uses: tuple[str, ...]  # the uses asked, in the register's order
    refusal_wins: bool  # one parent's refusal outweighs the other's consent
    expiry_months: int  # 0: an answer stands until withdrawn
    renewal_notice_days: int
    written: bool  # consent is given in writing
    source: str  # the clause of `consent.photo`
    pupils_answer: bool  # pupils old enough answer for themselves
    pupil_from_age: int
    pupil_source: str  # the clause of `consent.pupil_own`


def photo_terms(school: School) -> PhotoTerms:
    """Return what the school's policy says of photo consent."""
    return terms_of(school_policy(school))


def terms_of(profile: Profile) -> PhotoTerms:
    """Return what a profile says of photo consent (a school's, or a built-in one)."""
    from schoolgate.consent.models import Use

    asked = set(profile.param(RULE, "uses"))
    return PhotoTerms(
        uses=tuple(use for use in Use.values if use in asked),
        refusal_wins=bool(profile.param(RULE, "refusal_wins")),
        expiry_months=int(profile.param(RULE, "expiry_months")),
        renewal_notice_days=int(profile.param(RULE, "renewal_notice_days")),
        written=bool(profile.param(RULE, "written")),
        source=profile.rule(RULE).source,
        pupils_answer=profile.enabled(PUPIL_OWN),
        pupil_from_age=int(profile.param(PUPIL_OWN, "from_age")),
        pupil_source=profile.rule(PUPIL_OWN).source,
    )


def uses_asked(school: School) -> list[str]:
    """Return the uses the school asks consent for, in the register's order."""
    return list(photo_terms(school).uses)


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


def colleagues_asked(school: School) -> bool:
    """Return whether staff are asked before photos of them are posted (`consent.colleagues`)."""
    return school_policy(school).enabled(STAFF_RULE)
