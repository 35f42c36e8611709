"""The compliance rules' parameters as this app reads them: one small typed function each.

Views and selectors ask these rather than reading the school's policy
themselves, so each parameter has one place it is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from schoolgate.people.models import School
from schoolgate.policy.engine import Decision, Profile, evaluate
from schoolgate.policy.selectors import school_policies, school_policy

SIGNOFF = "signoff.required"
TRAINING = "training.staff"
REVIEW = "documents.review"
DOCUMENT = "policy.document"
ROLES = "people.roles"
PUPILS = "training.pupils"
PARENTS = "training.parents"
NAMING = "publishing.child_naming"
CONSENT = "consent.photo"


def staff_refresh_months(school: School) -> int:
    """Return how many months staff training stays current (0: it never lapses)."""
    return int(school_policy(school).param("training.staff", "refresh_months"))


def pupil_training_termly(school: School) -> bool:
    """Return whether pupils are taught online safety every term (else every year)."""
    return bool(school_policy(school).param("training.pupils", "frequency") == "termly")


def review_cycle_text(school: School, approved_on: date | None = None) -> str:
    """Return how often and when the school reviews its policy, in words."""
    from schoolgate.compliance.document import review_cycle

    return review_cycle(school_policy(school), approved_on)


def policy_document(school: School, facts: Any, *, standalone: bool = False) -> str:
    """Return the school's policy document as HTML, as the school runs it now."""
    from schoolgate.compliance.document import render_document

    return render_document(school, school_policy(school), facts, standalone=standalone)


def digest(school: School) -> str:
    """Return the fingerprint of the rules and facts the school's document prints now."""
    from schoolgate.compliance.document import policy_digest

    return policy_digest(school_policy(school))


def next_review(school: School, approved_on: date | None = None) -> date | None:
    """Return when the school's policy is next due for review, or None if no date is set."""
    from schoolgate.compliance.document import next_review_on

    return next_review_on(school_policy(school), approved_on)


def remember_policies(schools: Iterable[School]) -> None:
    """Read the policies of several schools at once, for the questions asked of each next."""
    school_policies(schools)


def announced_to(school: School) -> list[str]:
    """Return whom a new version is announced to, as the policy lists them (staff among them)."""
    policy = school_policy(school)
    if not policy.enabled(DOCUMENT):
        return []
    return list(policy.param(DOCUMENT, "announce_to"))


def covered_kinds(school: School) -> frozenset[str] | None:
    """Return the kinds of adult the school's policy covers (C2.2), or None where it
    says nothing of them (`people.roles` off)."""
    policy = school_policy(school)
    if not policy.enabled(ROLES):
        return None
    return frozenset(policy.param(ROLES, "covers"))


def pupil_training_frequency(school: School) -> str:
    """Return how often pupils are taught online safety: "termly", "yearly" or "none"."""
    policy = school_policy(school)
    if not policy.enabled(PUPILS):
        return "none"
    return str(policy.param(PUPILS, "frequency"))


def parent_sessions_asked(school: School) -> bool:
    """Return whether the school holds online-safety sessions for parents."""
    policy = school_policy(school)
    return policy.enabled(PARENTS) and bool(policy.param(PARENTS, "sessions"))


# What the policy document says of a profile (a school's, or a built-in one).


def naming_terms(profile: Profile) -> tuple[str, str, bool] | None:
    """Return how children are named (without photos, beside one, only where needed),
    or None where the profile sets no naming rule."""
    if not profile.enabled(NAMING):
        return None
    return (
        str(profile.param(NAMING, "mode")),
        str(profile.param(NAMING, "with_photos")),
        bool(profile.param(NAMING, "only_where_necessary")),
    )


def consent_months(profile: Profile) -> int | None:
    """Return how many months photo consent lasts (0: until withdrawn), or None where
    the profile keeps no consent register."""
    if not profile.enabled(CONSENT):
        return None
    return int(profile.param(CONSENT, "expiry_months"))


def review_terms(profile: Profile) -> tuple[str, int, list[str]] | None:
    """Return the review's fixed date ("" if none), interval in months and reviewers,
    or None where the profile sets no review."""
    if not profile.enabled(REVIEW):
        return None
    return (
        str(profile.param(REVIEW, "fixed_date")),
        int(profile.param(REVIEW, "interval_months")),
        list(profile.param(REVIEW, "reviewers")),
    )


def signoff_terms(profile: Profile) -> bool | None:
    """Return whether staff sign again on each new version, or None where they do not sign."""
    if not profile.enabled(SIGNOFF):
        return None
    return bool(profile.param(SIGNOFF, "on_new_version"))


def lists_related_policies(profile: Profile) -> bool:
    """Return whether the document lists the related policies (yes where the rule is off)."""
    return not profile.enabled(DOCUMENT) or bool(profile.param(DOCUMENT, "list_related_policies"))


def lists_legislation(profile: Profile) -> bool:
    """Return whether the document lists the legislation (yes where the rule is off)."""
    return not profile.enabled(DOCUMENT) or bool(profile.param(DOCUMENT, "list_legislation"))


def selfcheck(school: School, subject: Any) -> Decision:
    """Return the school's policy's decision on a member of staff's personal post."""
    from schoolgate.compliance.selfcheck import CONTEXT

    return evaluate(school_policy(school), CONTEXT, subject)


def signoff_blocks_publishing(school: School) -> bool:
    """Return whether someone who has not signed the current version may not publish."""
    policy = school_policy(school)
    return policy.enabled(SIGNOFF) and bool(policy.param(SIGNOFF, "blocks_publishing"))


def training_blocks_publishing(school: School) -> bool:
    """Return whether someone whose training has lapsed may not publish."""
    policy = school_policy(school)
    return policy.enabled(TRAINING) and bool(policy.param(TRAINING, "blocks_publishing"))


def signoff_asked(school: School) -> bool:
    """Return whether staff are asked to sign the policy at all."""
    return school_policy(school).enabled(SIGNOFF)


def signoff_reminder_days(school: School) -> int:
    """Return how many days pass between reminders to sign."""
    return int(school_policy(school).param(SIGNOFF, "reminder_days"))


def signoff_holds_pages(school: School, *, signed_before: bool) -> bool:
    """Return whether someone who must sign is held at the sign-off page until they do:
    on a new version for those who signed an earlier one, at induction otherwise."""
    param = "on_new_version" if signed_before else "at_induction"
    return bool(school_policy(school).param(SIGNOFF, param))


def review_reminder_days(school: School) -> int:
    """Return how many days before the review date the reviewers are reminded."""
    return int(school_policy(school).param(REVIEW, "reminder_days"))


def reviewers(school: School) -> list[str]:
    """Return the roles that review the policy."""
    return list(school_policy(school).param(REVIEW, "reviewers"))


def clause(school: School, rule_id: str) -> str:
    """Return where the school's policy says the rule, as a refusal cites it."""
    policy = school_policy(school)
    return f"{policy.code} policy: {policy.rule(rule_id).source}"
