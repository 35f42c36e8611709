"""Reads of the audit trail.

Every read goes through `visible_entries`: the page, its search, the CSV
export and any count. An entry about a confidential record is kept only
when the reader may open every record it is marked with (`confidential`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from schoolgate.audit import confidential
from schoolgate.audit.models import AuditConfidential, AuditEntry
from schoolgate.people.models import School

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def visible_entries(
    user: User, school: School, *, event: str = "", actor: str = ""
) -> QuerySet[AuditEntry]:
    """Return the school's entries the user may read, newest first, filtered
    by event and actor text.

    Every filter starts from the school, so the indexes on (school, seq),
    (school, event, seq) and (school, actor, seq) answer it: a quiet school's
    page never reads the rest of the trust's entries.
    """
    entries = AuditEntry.objects.filter(school=school).exclude(_hidden_from(user, school))
    entries = entries.order_by("-seq")
    if event:
        entries = entries.filter(event=event)
    if actor:
        # The people whose email matches, as ids: no join of every entry
        # to the users table.
        by_email = get_user_model().objects.filter(email__icontains=actor).values("pk")
        entries = entries.filter(Q(actor_label__icontains=actor) | Q(actor__in=by_email))
    return entries


def _hidden_from(user: User, school: School) -> Q:
    """Return the condition of entries marked with a record the user may not open."""
    marks = AuditConfidential.objects.filter(entry=OuterRef("pk"))
    unseen = Q(pk__in=[])
    for kind in confidential.KINDS.values():
        unseen |= Q(kind=kind.code) & ~Q(ref__in=kind.visible_pks(user, school))
    # A mark of a kind no longer registered hides its entry from everyone.
    unseen |= ~Q(kind__in=list(confidential.KINDS))
    return Q(Exists(marks.filter(unseen)))


@dataclass(frozen=True)
class LogPage:
    """A page of the log, read by sequence number rather than by position.

    `newer` and `older` are the sequence numbers to page from (``after`` and
    ``before``), or None at either end. However long the log, a page reads
    its own entries and one more, never the rows before it.
    """

    entries: list[AuditEntry]
    newer: int | None
    older: int | None
    first: bool


def log_page(
    entries: QuerySet[AuditEntry],
    *,
    before: int | None = None,
    after: int | None = None,
    size: int,
) -> LogPage:
    """Return the `size` entries older than `before`, or newer than `after`
    (the nearest ones), or else the newest, newest first; `entries` as
    `visible_entries` gives them. Either end is looked for with one more
    entry read, or one `exists`."""
    everything = entries
    if after is not None:
        upwards = list(entries.filter(seq__gt=after).order_by("seq")[: size + 1])
        shown = upwards[:size][::-1]
        newer = shown[0].seq if len(upwards) > size else None
        edge = shown[-1].seq if shown else after + 1
        older = edge if entries.filter(seq__lt=edge).exists() else None
        return LogPage(shown, newer, older, first=False)
    if before is not None:
        entries = entries.filter(seq__lt=before)
    downwards = list(entries[: size + 1])
    shown = downwards[:size]
    older = shown[-1].seq if len(downwards) > size else None
    if before is None:
        return LogPage(shown, None, older, first=True)
    edge = shown[0].seq if shown else before - 1
    newer = edge if everything.filter(seq__gt=edge).exists() else None
    return LogPage(shown, newer, older, first=False)


def count_up_to(entries: QuerySet[AuditEntry], cap: int) -> int:
    """Return how many entries there are, but no more than ``cap + 1``.

    Counting all of a busy school's entries reads every one of them; past
    `cap` the page says "more than", for the same cost at any volume.
    """
    return entries[: cap + 1].count()
