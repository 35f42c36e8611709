"""Reads of the smaller registers: who sees which entries, the one way in to
an entry, and what is due (an account's review, the next filtering check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.core.permissions import can
from schoolgate.people.models import School
from schoolgate.registers import policy
from schoolgate.registers.logbooks import Logbook
from schoolgate.registers.models import ProfessionalAccount
from schoolgate.registers.records import Answer, FilteringCheck
from schoolgate.registers.selectors import NOT_FOUND, _search

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def sees_all(book: Logbook, user: User, school: School) -> bool:
    """Return whether the user reads every entry of the school's logbook."""
    return can(user, book.read_action, school)


def records_for(
    book: Logbook, user: User, school: School, *, q: str = "", status: str = ""
) -> QuerySet[Any]:
    """Return the entries the user may see: every one for its readers, else their own."""
    qs: QuerySet[Any] = book.model.objects.filter(school=school)
    if not can(user, book.open_action, school) and not sees_all(book, user, school):
        return qs.none()
    if not sees_all(book, user, school):
        qs = qs.filter(recorded_by=user)
    if status:
        qs = qs.filter(status=status)
    return _search(qs.select_related("recorded_by"), q, list(book.search))


def access_record_for(book: Logbook, user: User, pk: int, *, answer: bool = False) -> Any:
    """Return the entry if the user may open it (or answer it); else 404.

    Its recorder and the logbook's readers open it; only someone other than
    its recorder, holding a role that answers, answers it.
    """
    entry = book.model.objects.select_related("school__trust", "recorded_by").filter(pk=pk).first()
    if entry is None:
        raise Http404(NOT_FOUND)
    if answer:
        if may_answer(book, user, entry):
            return entry
        raise Http404(NOT_FOUND)
    mine = entry.recorded_by_id == user.pk
    if mine and can(user, book.open_action, entry.school):
        return entry
    if sees_all(book, user, entry.school):
        return entry
    raise Http404(NOT_FOUND)


def may_answer(book: Logbook, user: User, entry: Any) -> bool:
    """Return whether the user may answer this entry now (never their own)."""
    if not book.answers or entry.status != Answer.PENDING:
        return False
    if entry.recorded_by_id == user.pk:
        return False
    return can(user, book.answer_action, entry.school)


def visible_pks(book: Logbook, user: User, school: School) -> QuerySet[Any]:
    """Return the primary keys of the entries the user may open, for the audit log."""
    return records_for(book, user, school).values("pk")


# ---------------------------------------------------------------------------
# What is due
# ---------------------------------------------------------------------------


def _months_after(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1, day=min(day.day, 28))


@dataclass(frozen=True)
class Due:
    """When something is next due, and whether that day has passed."""

    on: date | None
    overdue: bool


def filtering_check_due(school: School, today: date | None = None) -> Due:
    """Return when the school's next filtering and monitoring check is due."""
    today = today or timezone.localdate()
    months = policy.filtering_check_months(school)
    last = FilteringCheck.objects.filter(school=school).aggregate(last=Max("checked_on"))["last"]
    if last is None:
        return Due(None, True)
    on = _months_after(last, int(months))
    return Due(on, on < today)


@dataclass(frozen=True)
class AccountDue:
    account: ProfessionalAccount
    last_reviewed: date | None
    due: Due


def account_reviews_due(user: User, school: School, today: date | None = None) -> list[AccountDue]:
    """Return the active accounts the user owns (every one for readers), each with its due date.

    An account never reviewed is due one interval after it was set up.
    """
    from schoolgate.registers.logbooks import ACCOUNT_REVIEWS

    today = today or timezone.localdate()
    months = policy.account_review_months(school)
    accounts = ProfessionalAccount.objects.filter(
        school=school, status=ProfessionalAccount.Status.ACTIVE
    )
    if not sees_all(ACCOUNT_REVIEWS, user, school):
        accounts = accounts.filter(owner=user)
    accounts = accounts.select_related("owner").annotate(last=Max("reviews__reviewed_on"))
    rows = []
    for account in accounts:
        start = account.last or timezone.localtime(account.set_up_at or account.created_at).date()
        on = _months_after(start, months)
        rows.append(AccountDue(account, account.last, Due(on, on < today)))
    return sorted(rows, key=lambda r: (not r.due.overdue, r.due.on or today))
