"""How long each kind of safeguarding record is kept, and its review.

No profile in the catalogue sets safeguarding retention, so these defaults
apply unless a policy rule `safeguarding.retention` is defined with a
parameter named for the kind (years from the record); the first profile that
sets one wins over the default here.

Defaults, after the IRMS Information Management Toolkit for Schools and
Keeping Children Safe in Education (KCSIE) Part 4:

- a record about pupils: until the youngest pupil it concerns turns 25
  (25 years from the record when it names no pupil);
- a record about an adult (disclosure or concern about staff): 10 years from
  the record (KCSIE: 10 years or normal retirement age, whichever is longer;
  Schoolgate does not know a retirement age, so the review decides);
- a policy breach: 6 years from the record (employment records).

Nothing is destroyed when the period ends: the record goes on the review
list, and only a recorded decision destroys it (`record_retention_review`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.safeguarding import policy
from schoolgate.safeguarding.models import Kind, Record, RetentionReview

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

PUPIL_AGE = 25
YEARS: dict[str, int] = {
    Kind.CYBERBULLYING: 25,
    Kind.INDECENT_IMAGES: 25,
    Kind.PREVENT: 25,
    Kind.SIGHTING: 25,
    Kind.PUPIL_DISCLOSURE: 25,
    Kind.ADULT_DISCLOSURE: 10,
    Kind.STAFF_CONCERN: 10,
    Kind.BREACH: 6,
}
ADULT_KINDS = {Kind.ADULT_DISCLOSURE, Kind.STAFF_CONCERN, Kind.BREACH}
SOURCE = "Schoolgate default (IRMS Toolkit for Schools; KCSIE Part 4)"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def years_for(school: Any, kind: str) -> tuple[int, str]:
    """Return the years a kind of record is kept at the school, and the source."""
    years = policy.retention_years(school, kind)
    if years is None:
        return YEARS[kind], SOURCE
    return years, policy.clause(school, policy.RETENTION)


def retain_until(record: Record) -> date:
    """Return the day the record's retention period ends."""
    years, source = years_for(record.school, record.kind)
    births = [p.date_of_birth for p in record.pupils.all()]
    if births and source == SOURCE and record.kind not in ADULT_KINDS:
        return _add_years(max(births), PUPIL_AGE)
    return _add_years(timezone.localdate(record.happened_at), years)


@dataclass(frozen=True)
class Due:
    record: Record
    retain_until: date


def due_for_review(school: Any, *, today: date | None = None) -> list[Due]:
    """Return the school's records past their retention period, oldest first.

    A record kept at an earlier review reappears once its new date passes.
    """
    today = today or timezone.localdate()
    kept = {
        r.record_id: r.keep_until
        for r in RetentionReview.objects.filter(school=school, record__isnull=False).order_by(
            "decided_at"
        )
    }
    due = []
    records = Record.objects.filter(school=school).prefetch_related("pupils")
    for record in records.order_by("happened_at", "pk").iterator(chunk_size=500):
        until = max(retain_until(record), kept.get(record.pk) or date.min)
        if until <= today:
            due.append(Due(record, until))
    return due


@transaction.atomic
def record_retention_review(
    *,
    record: Record,
    decision: str,
    reason: str,
    actor: User,
    keep_until: date | None = None,
    today: date | None = None,
) -> RetentionReview:
    """Record a retention decision; on "destroy", destroy the record with its files.

    Only a record past its retention period may be reviewed, an open one is
    never destroyed, and the review row stays as the trace that it existed.
    """
    today = today or timezone.localdate()
    until = retain_until(record)
    if until > today:
        raise ApplicationError(f"This record is kept until {until:%d %B %Y}.")
    if decision == RetentionReview.Decision.DESTROY and record.status == Record.Status.OPEN:
        raise ApplicationError("An open record is never destroyed; close it first.")
    if decision == RetentionReview.Decision.KEEP and (keep_until is None or keep_until <= today):
        raise ApplicationError("Say until when it is kept (a date after today).")
    review = RetentionReview(
        school=record.school,
        record=record,
        record_ref=record.pk,
        kind=record.kind,
        recorded_on=timezone.localdate(record.happened_at),
        retain_until=until,
        decision=decision,
        keep_until=keep_until if decision == RetentionReview.Decision.KEEP else None,
        reason=reason.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
    )
    review.full_clean()
    review.save()
    extra = {"record": record.pk, "kind": record.kind, "decision": decision}
    audit_log(
        event="safeguarding.retention_reviewed",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
        extra=extra,
    )
    if decision == RetentionReview.Decision.DESTROY:
        _destroy(record, actor)
    return review


def _destroy(record: Record, actor: User) -> None:
    stored = [(item.blob.storage, item.blob.name or "") for item in record.evidence.all()]
    audit_log(
        event="safeguarding.destroyed",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
        extra={"record": record.pk, "kind": record.kind, "evidence_files": len(stored)},
    )
    record.delete()
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: _delete_files(stored))


def _delete_files(stored: list[tuple[Any, str]]) -> None:
    for storage, name in stored:
        storage.delete(name)
