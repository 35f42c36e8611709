"""Changes to the smaller registers: each in one transaction, validated, audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can
from schoolgate.core.services import model_update
from schoolgate.people.models import School
from schoolgate.registers import policy
from schoolgate.registers.logbooks import Logbook
from schoolgate.registers.records import Answer
from schoolgate.registers.services import _notify, _site_url

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def _label(book: Logbook, entry: Any) -> str:
    # A confidential entry's label says nothing about whom it concerns.
    return book.title if book.confidential else str(entry)


def _link(book: Logbook, entry: Any) -> str:
    return _site_url() + reverse(f"registers:{book.slug}_entry", kwargs={"pk": entry.pk})


@transaction.atomic
def record_add(*, book: Logbook, school: School, data: dict[str, Any], actor: User) -> Any:
    """Record an entry in the school's logbook and tell its readers.

    The email names nobody and holds no details: the reader signs in to read
    it, so a confidential entry stays behind the same door as its page.
    """
    if not can(actor, book.add_action, school):
        raise ApplicationError(f"Only those the policy names record {book.title.lower()}.")
    entry = book.model(school=school, recorded_by=actor, **data)
    entry.full_clean()
    entry.save()
    audit_log(
        event=f"registers.{book.slug}_recorded",
        actor=actor,
        subject=entry,
        school=school,
        label=_label(book, entry),
    )
    alert = book.alert(entry) if book.alert else ""
    subject = alert or f"New entry: {book.title}"
    readers = book.readers and policy.logbook_roles(school, book.rule, book.readers)
    if readers:
        _notify(school, readers, subject, f"{subject} at {school.name}.\n{_link(book, entry)}\n")
    return entry


@transaction.atomic
def record_answer(*, book: Logbook, entry: Any, status: str, note: str, actor: User) -> Any:
    """Answer an entry (grant, refuse or note it) with a note; never one's own."""
    if status not in book.answers:
        raise ApplicationError("That is not an answer this register takes.")
    if entry.status != Answer.PENDING:
        raise ApplicationError("This has already been answered.")
    if entry.recorded_by_id == actor.pk:
        raise ApplicationError("Someone else answers what you recorded.")
    if not can(actor, book.answer_action, entry.school):
        raise ApplicationError("Only those the policy names answer these.")
    data = {
        "status": status,
        "answered_by": actor,
        "answered_at": timezone.now(),
        "answer_note": note.strip(),
    }
    entry, _ = model_update(instance=entry, fields=list(data), data=data)
    audit_log(
        event=f"registers.{book.slug}_answered",
        actor=actor,
        subject=entry,
        school=entry.school,
        label=_label(book, entry),
        extra={"status": status},
    )
    _tell(entry.recorded_by, f"Answered: {book.title}", _link(book, entry), entry.school)
    return entry


def _tell(user: User, subject: str, link: str, school: School) -> None:
    """Tell the recorder their entry was answered, as they prefer: a link only."""
    from schoolgate.notifications.services import notify

    transaction.on_commit(
        lambda: notify(
            topic_code="registers",
            to=[user],
            subject=f"[Schoolgate] {subject}",
            body=f"{link}\n",
            line=f"{subject} at {school.name}",
            link=link,
            school=school,
        )
    )


def record_viewed(*, book: Logbook, entry: Any, actor: User, how: str) -> None:
    """Audit one reading of a confidential entry (the audit entry is confidential too)."""
    audit_log(
        event="record.viewed",
        actor=actor,
        subject=entry,
        school=entry.school,
        label=f"{book.title} ({how})",
        extra={"how": how},
    )
