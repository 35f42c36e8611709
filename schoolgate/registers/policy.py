"""The register rules as this app reads them from the school's policy.

Views ask these rather than reading the school's policy themselves, so each
rule has one place it is read.
"""

from __future__ import annotations

from schoolgate.people.models import School
from schoolgate.policy.selectors import school_policy

ACCOUNTS = "registers.professional_accounts"


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


def filtering_every(school: School) -> int:
    """Return how many months may pass between filtering and monitoring checks."""
    return int(school_policy(school).param("registers.filtering_checks", "every_months"))


def event_photos_notice(school: School) -> str:
    """Return the notice about photos that visitors and parents are shown at events."""
    return str(school_policy(school).param("registers.event_photos", "visitor_notice"))


def departures_hr_advice(school: School) -> bool:
    """Return whether a judgement call outside the policy is taken with HR's advice."""
    return bool(school_policy(school).param("registers.policy_departures", "hr_advice"))
def parent_contact_form(school: School) -> bool:
    """Return whether contact with parents on personal social media has its own form.

    whmat 5.5 and Appendix 1: staff in such contact with a parent who is a
    friend or relative fill in the notification form HR keeps. Elsewhere
    the link is declared as a family or social link, to `declare_to`.
    """
    return bool(school_policy(school).param("registers.declarations", "parent_contact_form"))
