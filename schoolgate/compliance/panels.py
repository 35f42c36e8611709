"""The compliance counts: the school's own, and plug-ins from other apps.

Apps that arrive later (consent, moderation, safeguarding) add a count with
`add_count(code, label, count, app="schoolgate.consent")` from their rules.py,
using a code of PLANNED to take its place; until then the panel says the
count is not available rather than importing an app that may not be there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse

from schoolgate.compliance.selectors import (
    classes_overdue,
    current_version,
    parents_session_overdue,
    policy_changed_since,
    review_due_on,
    staff_training,
    unsigned_count,
)
from schoolgate.people.models import School


@dataclass(frozen=True)
class Count:
    """One line of the compliance panel: a label and how to count it."""

    label: str
    count: Callable[..., int]  # (school), or (school, user) when per_user
    app: str = ""  # the app it needs; the line waits until it is installed
    url_name: str = ""
    action: str = ""  # when set, the line links only for those allowed it
    per_user: bool = False  # counts only what the user may see (confidential records)

    def value(self, school: School, user: Any) -> int:
        return self.count(school, user) if self.per_user else self.count(school)


COUNTS: dict[str, Count] = {}
# Counts the issue names, for apps still to come: shown as "not available yet".
PLANNED = {
    "consents_expiring": ("Consents expiring in the next 30 days", "schoolgate.consent"),
    "comments_waiting": ("Comments waiting (longest first)", "schoolgate.moderation"),
    "safeguarding_open": ("Open safeguarding records", "schoolgate.safeguarding"),
}


def add_count(
    code: str,
    label: str,
    count: Callable[..., int],
    *,
    app: str = "",
    url_name: str = "",
    action: str = "",
    per_user: bool = False,
) -> None:
    """Register a count on the compliance panel (counts only, never details).

    A `per_user` count is called with the school and the user, and counts
    only what that user may open.
    """
    if code in COUNTS:
        raise ValueError(f"compliance count {code} is registered twice")
    COUNTS[code] = Count(label, count, app, url_name, action, per_user)


def _overdue_review(school: School) -> int:
    from django.utils import timezone

    due = review_due_on(school, current_version(school))
    return int(due is not None and due < timezone.localdate())


def _overdue_training(school: School) -> int:
    staff = sum(1 for row in staff_training(school) if row.overdue)
    return staff + len(classes_overdue(school)) + int(parents_session_overdue(school))


add_count(
    "unsigned",
    "Staff who have not signed the current policy",
    unsigned_count,
    url_name="compliance:signoffs",
)
add_count(
    "review_overdue", "Policy review overdue", _overdue_review, url_name="compliance:versions"
)
add_count(
    "unpublished",
    "Policy changed since the last approved version",
    lambda s: int(policy_changed_since(s, current_version(s))),
    url_name="compliance:versions",
)
add_count(
    "training_overdue",
    "Training overdue (staff, classes and parents' sessions)",
    _overdue_training,
    url_name="compliance:training",
)


@dataclass(frozen=True)
class Line:
    label: str
    value: int | None  # None: the app that counts it is not installed yet
    url: str = ""


def compliance_lines(school: School, user: Any = None) -> list[Line]:
    """Return the panel's lines for a school, planned-but-missing ones last.

    A line whose page needs an action links only when `user` may take it.
    """
    lines = [
        Line(c.label, c.value(school, user), _url(c, school, user))
        for c in COUNTS.values()
        if not c.app or apps.is_installed(c.app)
    ]
    lines += [Line(label, None) for code, (label, _app) in PLANNED.items() if code not in COUNTS]
    return lines


def _url(count: Count, school: School, user: Any) -> str:
    from schoolgate.core.permissions import can  # it imports people selectors

    if not count.url_name or (count.action and not can(user, count.action, school)):
        return ""
    return reverse(count.url_name)


def compliance_panel(request: Any) -> dict[str, Any]:
    """Return the dashboard panel's context for the current school."""
    return {"compliance_lines": compliance_lines(request.school, request.user)}
