"""The school's policy document, built from the rules it runs under (C1.3).

Every sentence comes from Schoolgate: the profile's summary of each rule
(written in the project's own words), the rule's parameters with their help
text, and a few "at a glance" facts phrased here. No seed text is printed;
each rule cites its clause (e.g. `whmat 6.10`) instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from schoolgate.compliance import policy
from schoolgate.compliance.dates import add_months
from schoolgate.people.models import School
from schoolgate.people.roles import Role
from schoolgate.policy.engine import Profile
from schoolgate.policy.selectors import AreaView, display_value, rules_by_area

NAMING_WORDS = {
    "first_name_only": "by first name only",
    "no_names": "not at all",
    "full_names": "by full name",
}


@dataclass(frozen=True)
class VersionFacts:
    """What the document says about its own version and approval."""

    number: int | None
    approved_on: date | None
    signatory: str
    note: str = ""


def role_label(code: str) -> str:
    """Return a role code as a person reads it ('chair' -> 'Chair of trustees')."""
    return Role(code).label if code in Role.values else code.replace("_", " ")


def at_a_glance(profile: Profile, approved_on: date | None = None) -> list[tuple[str, str]]:
    """Return the few facts most people look for first, in plain words.

    `approved_on` is the approval of the version shown (the review date runs
    from it); without one, the profile's own approval date.
    """
    return [
        ("How children are named", _naming(profile)),
        ("How long photo consent lasts", _consent_length(profile)),
        ("When the policy is reviewed", review_cycle(profile, approved_on)),
        ("Who signs that they have read it", _signoff(profile)),
    ]


def _naming(profile: Profile) -> str:
    terms = policy.naming_terms(profile)
    if terms is None:
        return "This policy sets no naming rule."
    plain, photos = NAMING_WORDS[terms[0]], NAMING_WORDS[terms[1]]
    when = " and only where the post needs it" if terms[2] else ""
    return f"In posts without photos a child is named {plain}{when}; beside a photo, {photos}."


def _consent_length(profile: Profile) -> str:
    months = policy.consent_months(profile)
    if months is None:
        return "This policy keeps no photo-consent register."
    if not months:
        return "Until it is withdrawn or the pupil leaves."
    return f"{months} months, after which parents are asked to renew it."


def next_review_on(profile: Profile, approved_on: date | None = None) -> date | None:
    """Return when the policy is next due for review, or None if no date is set.

    The one answer the document, the versions page and the reminders give.
    A date the policy names wins while it lies after the approval; otherwise
    the interval runs from the approval (`approved_on`, the latest version's,
    or the profile's own approval date when the school has published none).
    """
    terms = policy.review_terms(profile)
    if terms is None:
        return None
    fixed, months, _reviewers = terms
    approved = approved_on or _profile_approved_on(profile)
    if fixed and (approved is None or date.fromisoformat(fixed) > approved):
        return date.fromisoformat(fixed)
    if months and approved is not None:
        return add_months(approved, months)
    return None


def _profile_approved_on(profile: Profile) -> date | None:
    value = profile.meta.get("approved_on")
    return value if isinstance(value, date) else None


def review_cycle(profile: Profile, approved_on: date | None = None) -> str:
    """Return how often and when the policy is reviewed, in words."""
    terms = policy.review_terms(profile)
    if terms is None:
        return "No review date is set."
    _fixed, months, reviewer_roles = terms
    parts = [f"every {months} months" if months else "on dates set by the reviewers"]
    due = next_review_on(profile, approved_on)
    if due:
        parts.append(f"next on {due.day} {due:%B %Y}")
    reviewers = ", ".join(role_label(r) for r in reviewer_roles)
    text = "; ".join(parts)
    return f"{text[0].upper()}{text[1:]}, by: {reviewers}."


def _signoff(profile: Profile) -> str:
    on_new_version = policy.signoff_terms(profile)
    if on_new_version is None:
        return "Staff are not asked to sign."
    again = " and again whenever a new version is approved" if on_new_version else ""
    return f"Every member of staff, at induction{again}."


def document_context(school: School, profile: Profile, facts: VersionFacts) -> dict[str, Any]:
    """Return what the document template needs."""
    meta = profile.meta
    show_related = policy.lists_related_policies(profile)
    show_laws = policy.lists_legislation(profile)
    return {
        "school": school,
        "profile": profile,
        "title": meta.get("name", "Social media policy"),
        "facts": facts,
        "signatory_role": role_label(str(meta.get("signatory_role", ""))),
        "approved_by": meta.get("approved_by", ""),
        "glance": at_a_glance(profile, facts.approved_on),
        "areas": _enabled_areas(profile),
        "related": list(meta.get("related_policies", [])) if show_related else [],
        "legislation": list(meta.get("legislation", [])) if show_laws else [],
    }


def _enabled_areas(profile: Profile) -> list[AreaView]:
    areas = []
    for area in rules_by_area(profile):
        rules = tuple(rule for rule in area.rules if rule.enabled)
        if rules:
            areas.append(AreaView(area.code, area.title, rules))
    return areas


def render_document(
    school: School, profile: Profile, facts: VersionFacts, *, standalone: bool = False
) -> str:
    """Return the document as HTML: a fragment, or a whole page for print."""
    template = "compliance/document_print.html" if standalone else "compliance/_document.html"
    return render_to_string(template, document_context(school, profile, facts))


def render_pdf(html: str) -> bytes:
    """Return the PDF WeasyPrint draws from a whole HTML page."""
    from schoolgate.core.pdf import html_to_pdf

    return html_to_pdf(html)


def policy_digest(profile: Profile) -> str:
    """Return a fingerprint of the rules and facts the document prints."""
    rules = {
        rule_id: {
            "enabled": applied.enabled,
            "summary": applied.summary,
            "source": applied.source,
            "params": {k: display_value(v) for k, v in sorted(applied.params.items())},
        }
        for rule_id, applied in sorted(profile.rules.items())
    }
    body = {"profile": profile.code, "meta": dict(profile.meta), "rules": rules}
    text = json.dumps(body, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
