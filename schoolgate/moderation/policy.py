"""The moderation rules' parameters as this app reads them: one small typed function each.

Views, templates, selectors and services ask these; none reads the school's
policy itself, so each parameter has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy

APPROVERS = "moderation.approvers"
ESCALATE_TO = "moderation.escalate_to"
HOLD_ALL = "moderation.hold_all"
PARENT_CONDUCT = "moderation.parent_conduct"
UNDER_13 = "moderation.under13_ban"
NEGATIVE = "moderation.negative_handling"
PRAISE = "moderation.praise"


def comments_open(school: School) -> bool:
    """Return whether the school takes comments under its public posts at all."""
    return bool(school_policy(school).param(HOLD_ALL, "comments_open"))


def held_everywhere_on(school: School) -> frozenset[str]:
    """Return the channels where every comment is held out of sight until approved (C4.1).

    The blog always (the rule's floor); on other platforms a comment triage
    flags is hidden while it waits whatever this holds.
    """
    return frozenset(school_policy(school).param(HOLD_ALL, "channels"))


def comment_approvers(school: School) -> frozenset[str]:
    """Return the roles that may approve an ordinary comment at the school.

    Where the profile lets any account holder approve (shire), staff with an
    open blog account approve too: see `registry.approves_as_account_holder`.
    """
    return frozenset(school_policy(school).param(APPROVERS, "roles"))


def notified_approvers(school: School) -> frozenset[str]:
    """Return the roles emailed about a comment waiting for approval (the named ones)."""
    return frozenset(school_policy(school).param(APPROVERS, "roles"))


def escalation_roles(school: School) -> frozenset[str]:
    """Return the roles that decide escalated comments at the school."""
    return frozenset(school_policy(school).param(ESCALATE_TO, "roles"))


def parent_meetings(school: School) -> bool:
    """Return whether the policy calls a parent in breach to a meeting (C4.3)."""
    return school_policy(school).enabled(PARENT_CONDUCT)


def platform_reports(school: School) -> bool:
    """Return whether the policy asks for under-age users to be reported to the platform."""
    policy = school_policy(school)
    return policy.enabled(UNDER_13) and bool(policy.param(UNDER_13, "report_to_platform"))


def blocks_allowed(school: School) -> bool:
    """Return whether the policy lets the school block a commenter."""
    return bool(school_policy(school).param(NEGATIVE, "block_allowed"))


def negative_deleted(school: School) -> bool:
    """Return whether a negative comment is deleted (kept as evidence) rather than hidden.

    shire "Facebook and Twitter" and brize "Our rules" delete it; with
    `delete` off it is rejected instead: hidden, here and on its platform,
    and kept as it was.
    """
    policy = school_policy(school)
    return policy.enabled(NEGATIVE) and bool(policy.param(NEGATIVE, "delete"))


def praise_collected(school: School) -> bool:
    """Return whether the policy collects praise from comments (C4.5)."""
    return school_policy(school).enabled(PRAISE)


def clause(school: School, rule_id: str) -> str:
    """Return where the school's policy says the rule, as a refusal cites it."""
    policy = school_policy(school)
    return f"{policy.code} policy: {policy.rule(rule_id).source}"


TRIAGE = "moderation.triage"


def triage_phrases(school: School) -> tuple[str, ...]:
    """Return the school's own phrases for triage (its `moderation.triage` rule), if it is on."""
    policy = school_policy(school)
    if not policy.enabled(TRIAGE):
        return ()
    return tuple(p.strip() for p in policy.param(TRIAGE, "phrases") if p.strip())


def escalating_labels(school: School) -> frozenset[str]:
    """Return the policy labels that send a comment to the head."""
    policy = school_policy(school)
    if not policy.enabled(ESCALATE_TO):
        return frozenset()
    return frozenset(policy.param(ESCALATE_TO, "labels"))


def any_account_holder_approves(school: School) -> bool:
    """Return whether staff with an open blog account approve comments too (shire)."""
    return bool(school_policy(school).param(APPROVERS, "any_account_holder"))


def contact_clause(school: School) -> str:
    """Return the clause asking the school to contact a negative comment's author, or ""."""
    policy = school_policy(school)
    if not (policy.enabled(NEGATIVE) and policy.param(NEGATIVE, "contact_commenter")):
        return ""
    return f"{policy.code} policy: {policy.rule(NEGATIVE).source}"


def meeting_roles(school: School) -> tuple[str, ...]:
    """Return the roles a parent in breach meets, in the policy's order (C4.3)."""
    return tuple(school_policy(school).param(PARENT_CONDUCT, "meeting_with"))


def source_of(school: School, rule_id: str) -> str:
    """Return the clause a triage finding's rule comes from, as the queue shows it."""
    policy = school_policy(school)
    return f"{policy.code}: {policy.rule(rule_id).source}"
