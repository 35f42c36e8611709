"""Reads of the audit trail."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import School


def school_entries(school: School, *, event: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    """Return the school's entries, newest first, filtered by event and actor text.

    Every filter starts from the school, so the indexes on (school, seq),
    (school, event, seq) and (school, actor, seq) answer it: a quiet school's
    page never reads the rest of the trust's entries.
    """
    entries = AuditEntry.objects.filter(school=school).order_by("-seq")
    if event:
        entries = entries.filter(event=event)
    if actor:
        # The people whose email matches, as ids: no join of every entry
        # to the users table.
        by_email = get_user_model().objects.filter(email__icontains=actor).values("pk")
        entries = entries.filter(Q(actor_label__icontains=actor) | Q(actor__in=by_email))
    return entries
