"""Reads of the audit trail."""

from django.db.models import Q, QuerySet

from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import School


def school_entries(school: School, *, event: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    """Return the school's entries, newest first, filtered by event and actor text."""
    entries = AuditEntry.objects.filter(school=school).order_by("-seq")
    if event:
        entries = entries.filter(event=event)
    if actor:
        entries = entries.filter(
            Q(actor_label__icontains=actor) | Q(actor__email__icontains=actor)
        )
    return entries
