"""Recording subject-access requests and exporting what is held (C9.3)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.dataprotection import subject_access
from schoolgate.dataprotection.models import PersonKind, SubjectAccessRequest
from schoolgate.dataprotection.policy import subject_access_days

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

RULE = "data.protection"


def due_on(school: Any, received_on: dt.date) -> dt.date:
    """Return the day a request received on `received_on` must be answered by."""
    days = subject_access_days(school)
    return received_on + dt.timedelta(days=days)


@transaction.atomic
def subject_access_record(
    *,
    school: Any,
    kind: str,
    person: Any,
    requested_by: str,
    received_on: dt.date,
    actor: User,
) -> SubjectAccessRequest:
    """Record a request for everything held about a person, with its deadline."""
    request = SubjectAccessRequest(
        school=school,
        kind=kind,
        requested_by=requested_by,
        received_on=received_on,
        due_on=due_on(school, received_on),
        recorded_by=actor,
        **{kind: person},
    )
    request.full_clean()
    request.save()
    audit_log(
        event="dataprotection.subject_access_recorded",
        actor=actor,
        subject=person,
        school=school,
        label=f"subject-access request, due {request.due_on:%d %b %Y}",
        extra={"request": request.pk, "kind": kind, "due_on": request.due_on},
    )
    return request


@transaction.atomic
def subject_access_export(*, school: Any, kind: str, person: Any, actor: Actor) -> bytes:
    """Return the ZIP of everything held about a person; audit who exported whom.

    Open requests for the person are marked exported. Safeguarding records
    are counted in the audit entry, for the DSL's review, never exported.
    """
    data, tables = subject_access.build_zip(school=school, kind=kind, person=person)
    now = timezone.now()
    requests = SubjectAccessRequest.objects.open().filter(school=school, **{kind: person})
    request_ids = list(requests.values_list("pk", flat=True))
    requests.update(exported_at=now)
    audit_log(
        event="dataprotection.subject_access_exported",
        actor=actor,
        subject=person,
        school=school,
        label=f"everything held about a {PersonKind(kind).label.lower()}",
        extra={
            "kind": kind,
            "requests": request_ids,
            "rows": {t.name: len(t.rows) for t in tables},
            "safeguarding_records_for_dsl": subject_access.safeguarding_count(kind, person),
        },
    )
    return data


@transaction.atomic
def subject_access_answer(*, request: SubjectAccessRequest, actor: User) -> None:
    """Mark a request answered: it leaves the DPO's list of open requests."""
    request.answered_at, request.answered_by = timezone.now(), actor
    request.full_clean()
    request.save(update_fields=["answered_at", "answered_by", "updated_at"])
    audit_log(
        event="dataprotection.subject_access_answered",
        actor=actor,
        subject=request.person,
        school=request.school,
        label="subject-access request answered",
        extra={"request": request.pk, "due_on": request.due_on},
    )
