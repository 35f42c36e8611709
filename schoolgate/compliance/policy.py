"""The compliance rules' parameters as this app reads them: one small typed function each.

Views and selectors ask these rather than reading the school's policy
themselves, so each parameter has one place it is read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from schoolgate.people.models import School
from schoolgate.policy.engine import Decision, evaluate
from schoolgate.policy.selectors import school_policy


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


def selfcheck(school: School, subject: Any) -> Decision:
    """Return the school's policy's decision on a member of staff's personal post."""
    from schoolgate.compliance.selfcheck import CONTEXT

    return evaluate(school_policy(school), CONTEXT, subject)


SIGNOFF = "signoff.required"
TRAINING = "training.staff"
REVIEW = "documents.review"


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
