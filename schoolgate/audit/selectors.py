"""Reads of the audit trail.

Every read goes through `visible_entries`: the page, its search, the CSV
export and any count. An entry about a confidential record is kept only
when the reader may open every record it is marked with (`confidential`).
"""

from __future__ import annotations

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
