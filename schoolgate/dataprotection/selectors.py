"""Reading people and subject-access requests for the data-protection pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.dataprotection.models import PersonKind, SubjectAccessRequest
from schoolgate.people.models import Parent, Pupil, StaffMember

MODELS: dict[str, Any] = {
    PersonKind.PUPIL: Pupil,
    PersonKind.PARENT: Parent,
    PersonKind.STAFF: StaffMember,
}


def access_person_for(school: Any, kind: str, pk: int) -> Any:
    """Return the school's pupil, parent or member of staff; the same 404 otherwise."""
    model = MODELS.get(kind)
    if model is None:
        raise Http404("No such person.")
    person = model.objects.filter(school=school, pk=pk).first()
    if person is None:
        raise Http404("No such person.")
    return person


def find_person(school: Any, kind: str, *, mis_id: str = "", email: str = "") -> Any:
    """Return the person a command names by MIS id (pupils) or email (parents, staff)."""
    model = MODELS[kind]
    rows = model.objects.filter(school=school)
    found = rows.filter(mis_id=mis_id) if mis_id else rows.filter(email__iexact=email)
    return found.first()


def search(
    school: Any, kind: str, query: str, *, limit: int = 20
) -> QuerySet[Pupil | Parent | StaffMember]:
    """Return the school's people of a kind whose name, MIS id or email matches."""
    rows: QuerySet[Pupil | Parent | StaffMember] = MODELS[kind].objects.filter(school=school)
    words = query.split()
    for word in words:
        match = Q(first_name__icontains=word) | Q(surname__icontains=word) | Q(mis_id=word)
        if kind != PersonKind.PUPIL:
            match |= Q(email__iexact=word)
        rows = rows.filter(match)
    return rows[:limit] if words else rows.none()


def open_requests(school: Any) -> QuerySet[SubjectAccessRequest]:
    """Return the school's unanswered requests, soonest deadline first."""
    return (
        SubjectAccessRequest.objects.open()
        .filter(school=school)
        .select_related("pupil", "parent", "staff")
        .order_by("due_on", "pk")
    )


def requests_for(school: Any, kind: str, person: Any) -> QuerySet[SubjectAccessRequest]:
    return SubjectAccessRequest.objects.filter(school=school, **{kind: person}).order_by(
        "-received_on", "-pk"
    )


def panel_context(request: Any) -> dict[str, Any]:
    """The DPO's dashboard panel: open requests, and how many are overdue."""
    waiting = open_requests(request.school)
    today = timezone.localdate()
    return {
        "requests": list(waiting[:10]),
        "total": waiting.count(),
        "overdue": waiting.filter(due_on__lt=today).count(),
        "today": today,
    }
