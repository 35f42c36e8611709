"""The compliance counts: the school's own, and plug-ins from other apps.

Other apps (consent, moderation, safeguarding) add a count with
`add_count(code, label, count)` from their registry.py. Only installed apps'
registries are imported (core's ready() autodiscovers them), so every count
registered belongs to an installed app and is always counted.

A count is asked for many schools at once (`count(schools)` returns a
number per school id) and answers in a fixed number of queries however many
schools it is given, so the trust's page costs the same at 5 schools or 300.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count as CountRows
from django.db.models import QuerySet
from django.urls import reverse

from schoolgate.compliance.policy import remember_policies
from schoolgate.compliance.selectors import (
    current_versions,
    policy_changed_since,
    review_due_on,
    training_overdue_counts,
    unsigned_counts,
)
from schoolgate.people.models import School

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

#: Counts per school id, for the schools asked about.
Counter = Callable[[Sequence[School]], Mapping[int, int]]
#: A per-user count: given the user as well, it counts only what they may open.
#: None: nobody in particular (the panel without a user), who may open nothing.
UserCounter = Callable[[Sequence[School], "User | None"], Mapping[int, int]]


@dataclass(frozen=True)
class Count:
    """One line of the compliance panel: a label and how to count it."""

    label: str
    count: Counter | UserCounter  # the schools' counts, in a fixed number of queries
    url_name: str = ""
    action: str = ""  # when set, the line links only for those allowed it
    # Counts only what the user may open (confidential records): called with
    # the schools and the user.
    per_user: bool = False

    def values(self, schools: Sequence[School], user: User | None) -> Mapping[int, int]:
        # per_user says which of the two the count is.
        if self.per_user:
            return cast(UserCounter, self.count)(schools, user)
        return cast(Counter, self.count)(schools)


COUNTS: dict[str, Count] = {}


def add_count(
    code: str,
    label: str,
    count: Counter | UserCounter,
    *,
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
    COUNTS[code] = Count(label, count, url_name, action, per_user)


def count_by_school(rows: QuerySet[Any], schools: Sequence[School]) -> dict[int, int]:
    """Return how many of the rows belong to each school, in one query."""
    found = (
        rows.filter(school__in=[s.pk for s in schools])
        .order_by()
        .values("school_id")
        .annotate(n=CountRows("pk"))
        .values_list("school_id", "n")
    )
    return {s.pk: 0 for s in schools} | dict(found)


def _overdue_reviews(schools: Sequence[School]) -> dict[int, int]:
    from django.utils import timezone

    remember_policies(schools)
    versions, today = current_versions(schools), timezone.localdate()
    due = {s.pk: review_due_on(s, versions.get(s.pk)) for s in schools}
    return {pk: int(day is not None and day < today) for pk, day in due.items()}


def _unpublished(schools: Sequence[School]) -> dict[int, int]:
    remember_policies(schools)
    versions = current_versions(schools)
    return {s.pk: int(policy_changed_since(s, versions.get(s.pk))) for s in schools}


add_count(
    "unsigned",
    "Staff who have not signed the current policy",
    unsigned_counts,
    url_name="compliance:signoffs",
)
add_count(
    "review_overdue", "Policy review overdue", _overdue_reviews, url_name="compliance:versions"
)
add_count(
    "unpublished",
    "Policy changed since the last approved version",
    _unpublished,
    url_name="compliance:versions",
)
add_count(
    "training_overdue",
    "Training overdue (staff, classes and parents' sessions)",
    training_overdue_counts,
    url_name="compliance:training",
)


@dataclass(frozen=True)
class Line:
    label: str
    value: int
    url: str = ""


def compliance_lines(school: School, user: User | None = None) -> list[Line]:
    """Return the panel's lines for a school.

    A line whose page needs an action links only when `user` may take it.
    """
    return compliance_table([school], user)[school.pk]


def compliance_table(schools: Sequence[School], user: User | None = None) -> dict[int, list[Line]]:
    """Return each school's panel lines by school id, one call of each count
    for all the schools, so the queries do not grow with their number."""
    counts = list(COUNTS.values())
    remember_policies(schools)
    values = [c.values(schools, user) for c in counts]
    return {
        s.pk: [
            Line(c.label, found[s.pk], _url(c, s, user))
            for c, found in zip(counts, values, strict=True)
        ]
        for s in schools
    }


def _url(count: Count, school: School, user: User | None) -> str:
    from schoolgate.core.permissions import can  # it imports people selectors

    if not count.url_name or (count.action and not can(user, count.action, school)):
        return ""
    return reverse(count.url_name)


def compliance_panel(request: Any) -> dict[str, Any]:
    """Return the dashboard panel's context for the current school."""
    return {"compliance_lines": compliance_lines(request.school, request.user)}
