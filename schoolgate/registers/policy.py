"""The register rules as this app reads them from the school's policy.

Views ask these rather than reading the school's policy themselves, so each
rule has one place it is read.
"""

from __future__ import annotations

from typing import Any

from schoolgate.people.models import School
from schoolgate.policy.engine import Decision, ProfileRule, evaluate
from schoolgate.policy.selectors import school_policy

ACCOUNTS = "registers.professional_accounts"
DECLARATIONS = "registers.declarations"
APPLICATIONS = "registers.new_applications"
SCREENING = "registers.recruitment_screening"
PROFESSIONAL_ONLY = "registers.personal_accounts_off_school_pages"


def source(school: School, rule_id: str = ACCOUNTS) -> str:
    """Return the clause of the school's policy that states a register's rule."""
    return school_policy(school).rule(rule_id).source


def account_approvers(school: School, *, trust_office: bool = False) -> list[str]:
    """Return the roles that approve a professional account (the trust office's or school's)."""
    param = "trust_office_approvers" if trust_office else "approvers"
    return list(school_policy(school).param(ACCOUNTS, param))


def application_told(school: School) -> list[str]:
    """Return whom a request for a new application goes to: ICT, and the deciders too."""
    rule = school_policy(school).params("registers.new_applications")
    # ICT tells the deciders of every request (whmat 4.4.1): both hear at once.
    return ["ict"] + (list(rule["deciders"]) if rule["ict_notifies"] else [])


def friend_requests_report_to(school: School) -> list[str]:
    """Return the roles a friend request from a pupil or parent is reported to."""
    return list(school_policy(school).param("registers.friend_requests", "report_to"))


def friend_requests_tell_parents(school: School) -> bool:
    """Return whether the school tells a pupil's parents of a friend request."""
    return bool(school_policy(school).param("registers.friend_requests", "tell_parents"))


def declarations_reconfirm_months(school: School) -> int:
    """Return after how many months a declaration is confirmed again."""
    return int(school_policy(school).param("registers.declarations", "reconfirm_months"))


def declarations_kept_by(school: School) -> list[str]:
    """Return the roles that keep the declarations register."""
    return list(school_policy(school).param("registers.declarations", "kept_by"))


def parent_contact_form(school: School) -> bool:
    """Return whether contact with parents on personal social media has its own form.

    whmat 5.5 and Appendix 1: staff in such contact with a parent who is a
    friend or relative fill in the notification form HR keeps. Elsewhere
    the link is declared as a family or social link, to `declare_to`.
    """
    return bool(school_policy(school).param("registers.declarations", "parent_contact_form"))


def hr_forms_readers(school: School) -> list[str]:
    """Return the roles that read HR forms (a declaration of contact with parents is one)."""
    return list(school_policy(school).param("data.protection", "hr_forms_readers"))


def declarations_declare_to(school: School) -> list[str]:
    """Return the roles a declaration of a family link goes to (C5.4)."""
    return list(school_policy(school).param(DECLARATIONS, "declare_to"))


def decision(school: School, context: str, facts: Any) -> Decision:
    """Return the school's policy's decision, by its engine checks of the context, on facts."""
    return evaluate(school_policy(school), context, facts)


def rule(school: School, rule_id: str) -> ProfileRule:
    """Return how the school's policy applies a register's rule: on or off, and its clause."""
    return school_policy(school).rule(rule_id)


def logbook_roles(school: School, rule_id: str, param: str) -> list[str]:
    """Return the roles a logbook's rule names in one of its parameters (writers, readers ...)."""
    return list(school_policy(school).param(rule_id, param))


def professional_only_asked(school: School) -> bool:
    """Return whether staff confirm they use only professional accounts on the school's pages."""
    return school_policy(school).enabled(PROFESSIONAL_ONLY)


def non_school_use_exempt(school: School) -> str:
    """Return the clause exempting use unconnected with school from approval, or ""."""
    policy = school_policy(school)
    if not policy.param(APPLICATIONS, "non_school_use_exempt"):
        return ""
    return f"{policy.code} policy: {policy.rule(APPLICATIONS).source}"


def screening_verifies_professional(school: School) -> bool:
    """Return whether recruitment screening verifies the candidate's professional presence."""
    return bool(school_policy(school).param(SCREENING, "verify_professional"))


def visitor_notice(school: School) -> str:
    """Return the notice visitors are given about photographs at school events."""
    return str(school_policy(school).param("registers.event_photos", "visitor_notice"))


def departures_need_hr_advice(school: School) -> bool:
    """Return whether departures from the policy are taken with HR's advice (shire)."""
    return bool(school_policy(school).param("registers.policy_departures", "hr_advice"))


def head_permission_kinds(school: School) -> frozenset[str]:
    """Return the kinds of permission the school's policy reserves to the head."""
    return frozenset(school_policy(school).param("registers.head_permissions", "kinds"))


def filtering_check_months(school: School) -> int:
    """Return how many months pass between checks of filtering and monitoring."""
    return int(school_policy(school).param("registers.filtering_checks", "every_months"))


def account_review_months(school: School) -> int:
    """Return how many months pass between reviews of a professional account."""
    return int(school_policy(school).param("registers.account_reviews", "every_months"))
