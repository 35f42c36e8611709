"""The smaller registers, each described once as a `Logbook`.

A logbook names its model, the policy rule it keeps, its entry form, its
columns, and which of the rule's parameters say who reads every entry and
who answers. From that one description come its actions, audit events,
menu entry, URLs and pages: adding a register means adding a `Logbook`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format

from schoolgate.registers import policy
from schoolgate.registers import record_forms as f
from schoolgate.registers.records import (
    AccountReview,
    Answer,
    EventPhotoAgreement,
    FilteringCheck,
    LowLevelConcern,
    PermissionRequest,
    PolicyDeparture,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


@dataclass(frozen=True)
class Column:
    """One column of a logbook: its header and how to read it off an entry."""

    header: str
    value: Callable[[Any], Any]
    listed: bool = True  # shown on the list page, not only in the downloads


@dataclass(frozen=True)
class Logbook:
    """A register of entries kept under one policy rule.

    `readers` is the rule's parameter naming the roles that read every entry
    (None: the whole workforce does); `writers` the one naming who records
    (None: any member of the workforce). Everyone else sees only what they
    recorded. `answers`, when given, are what the roles in `answerers`
    (default `readers`) may answer with; the answer always carries a note.
    A `confidential` logbook's entries and their audit entries are hidden
    from everyone who may not open them, and every reading is audited.
    """

    slug: str
    model: type[Any]
    rule: str
    title: str
    intro: str
    add_label: str
    form: type[f.EntryForm]
    columns: tuple[Column, ...]
    search: tuple[str, ...]
    readers: str | None = None
    writers: str | None = None
    answerers: str | None = None
    answers: tuple[str, ...] = ()
    confidential: bool = False
    # Returns an alert subject when an entry needs the readers' attention now.
    alert: Callable[[Any], str] | None = None
    # A template shown above the list (e.g. what is overdue), and the
    # function of (user, school) that returns its context.
    aside: str = ""
    aside_context: Callable[[Any, Any], dict[str, Any]] | None = None
    # A function of the school returning a hint shown to whoever answers.
    answer_hint: Callable[[Any], str] | None = None

    @property
    def open_action(self) -> str:
        return f"registers.{self.slug}"

    @property
    def add_action(self) -> str:
        return f"registers.{self.slug}_add"

    @property
    def read_action(self) -> str:
        return f"registers.{self.slug}_all"

    @property
    def answer_action(self) -> str:
        return f"registers.{self.slug}_answer"

    @property
    def answered_by(self) -> str | None:
        return self.answerers or self.readers if self.answers else None

    @property
    def path(self) -> str:
        return self.slug.replace("_", "-")


def local_day(moment: Any) -> dt.date | str:
    """Return a moment's local date, or nothing for none.

    A date, not text: the downloads write it as YYYY-MM-DD, which
    spreadsheets sort, and the pages and PDFs in words (`shown`).
    """
    return timezone.localtime(moment).date() if moment else ""


def shown(value: Any) -> Any:
    """Return a value as a page or PDF shows it: dates in words, as elsewhere."""
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    return value


def _answer_columns() -> tuple[Column, ...]:
    return (
        Column("Answer", lambda e: e.get_status_display()),
        Column("Answered by", lambda e: e.answered_by or "", listed=False),
        Column("Answered on", lambda e: local_day(e.answered_at), listed=False),
        Column("Note", lambda e: e.answer_note, listed=False),
    )


def _next_check(user: User, school: Any) -> dict[str, Any]:
    from schoolgate.registers.record_selectors import filtering_check_due  # reads this module

    return {
        "due": filtering_check_due(school),
        "every_months": policy.filtering_check_months(school),
    }


def _reviews_due(user: User, school: Any) -> dict[str, Any]:
    from schoolgate.registers.record_selectors import account_reviews_due  # reads this module

    return {"accounts": account_reviews_due(user, school)}


def _visitor_notice(user: User, school: Any) -> dict[str, Any]:
    return {"notice": policy.visitor_notice(school)}


def _hr_advice(school: Any) -> str:
    """Return the reminder to ask HR, where the profile says departures need it (shire)."""
    if policy.departures_need_hr_advice(school):
        return "Seek the HR team's advice where it would help."
    return ""


def yes_no(value: bool) -> str:
    """Return a flag as the register writes it."""
    return "yes" if value else "no"


PERMISSIONS = Logbook(
    slug="permissions",
    model=PermissionRequest,
    rule="registers.head_permissions",
    title="The head's permissions",
    intro="Ask here for what the policy allows only with the head's permission.",
    add_label="Ask for permission",
    form=f.PermissionRequestForm,
    columns=(
        Column("Permission for", lambda e: e.get_kind_display()),
        Column("Asked by", lambda e: e.recorded_by),
        Column("Asked on", lambda e: local_day(e.created_at)),
        Column("Details", lambda e: e.details, listed=False),
        Column("Needed until", lambda e: e.until or "", listed=False),
        *_answer_columns(),
    ),
    search=("details", "answer_note"),
    readers="granted_by",
    answers=(Answer.GRANTED, Answer.REFUSED),
)

LOW_LEVEL_CONCERNS = Logbook(
    slug="low_level_concerns",
    model=LowLevelConcern,
    rule="registers.low_level_concerns",
    title="Low-level concerns",
    intro=(
        "Log a worry about an adult's conduct online that is not a safeguarding "
        "allegation. The log is confidential: only its keepers read it."
    ),
    add_label="Log a concern",
    form=f.LowLevelConcernForm,
    columns=(
        Column("Happened on", lambda e: e.happened_on),
        Column("About", lambda e: e.about),
        Column("Logged by", lambda e: e.recorded_by),
        Column("Details", lambda e: e.details, listed=False),
        *_answer_columns(),
    ),
    search=("about", "details", "answer_note"),
    readers="kept_by",
    answers=(Answer.NOTED,),
    confidential=True,
)

POLICY_DEPARTURES = Logbook(
    slug="departures",
    model=PolicyDeparture,
    rule="registers.policy_departures",
    title="Judgement calls outside the policy",
    intro=(
        "When you make, or mean to make, a professional judgement the policy does "
        "not cover or goes against, tell the head why here."
    ),
    add_label="Tell the head of a judgement call",
    form=f.PolicyDepartureForm,
    columns=(
        Column("The decision", lambda e: e.what),
        Column("Taken or proposed", lambda e: e.get_when_display()),
        Column("By", lambda e: e.recorded_by),
        Column("On", lambda e: local_day(e.created_at), listed=False),
        Column("Why", lambda e: e.justification, listed=False),
        *_answer_columns(),
    ),
    search=("what", "justification", "answer_note"),
    readers="report_to",
    answers=(Answer.NOTED,),
    answer_hint=_hr_advice,
)


def _concern_alert(check: FilteringCheck) -> str:
    return "Concerning social media use found" if check.concerns.strip() else ""


FILTERING_CHECKS = Logbook(
    slug="filtering_checks",
    model=FilteringCheck,
    rule="registers.filtering_checks",
    title="Filtering and monitoring checks",
    intro=(
        "Record each check that filtering and monitoring are fit for purpose; "
        "concerning use you record is reported at once."
    ),
    add_label="Record a check",
    form=f.FilteringCheckForm,
    columns=(
        Column("Checked on", lambda e: e.checked_on),
        Column("What was checked", lambda e: e.systems),
        Column("Fit for purpose", lambda e: yes_no(e.fit_for_purpose)),
        Column("Checked by", lambda e: e.recorded_by, listed=False),
        Column("Findings", lambda e: e.findings, listed=False),
        Column("Concerning use", lambda e: e.concerns),
    ),
    search=("systems", "findings", "concerns"),
    readers="report_to",
    writers="checked_by",
    alert=_concern_alert,
    aside="registers/_filtering_due.html",
    aside_context=_next_check,
)

ACCOUNT_REVIEWS = Logbook(
    slug="account_reviews",
    model=AccountReview,
    rule="registers.account_reviews",
    title="Reviews of professional accounts",
    intro="Review each professional account you own regularly; the head reads every review.",
    add_label="Record a review",
    form=f.AccountReviewForm,
    columns=(
        Column("Account", lambda e: e.account),
        Column("Reviewed on", lambda e: e.reviewed_on),
        Column("By", lambda e: e.recorded_by),
        Column("Needs attention", lambda e: yes_no(not e.all_well)),
        Column("Findings", lambda e: e.findings, listed=False),
    ),
    search=("findings", "account__handle"),
    readers="report_to",
    alert=lambda review: "" if review.all_well else "A professional account needs attention",
    aside="registers/_reviews_due.html",
    aside_context=_reviews_due,
)

EVENT_PHOTOS = Logbook(
    slug="event_photos",
    model=EventPhotoAgreement,
    rule="registers.event_photos",
    title="Photos at school events",
    intro="What parents agreed about photos and recordings at each school event.",
    add_label="Record an event's agreement",
    form=f.EventPhotoAgreementForm,
    columns=(
        Column("Event", lambda e: e.event),
        Column("Held on", lambda e: e.held_on),
        Column("Photos allowed", lambda e: yes_no(e.photos_allowed)),
        Column("The agreement", lambda e: e.terms),
        Column("Recorded by", lambda e: e.recorded_by, listed=False),
    ),
    search=("event", "terms"),
    writers="kept_by",
    aside="registers/_visitor_notice.html",
    aside_context=_visitor_notice,
)

LOGBOOKS: dict[str, Logbook] = {
    book.slug: book
    for book in (
        PERMISSIONS,
        LOW_LEVEL_CONCERNS,
        FILTERING_CHECKS,
        ACCOUNT_REVIEWS,
        POLICY_DEPARTURES,
        EVENT_PHOTOS,
    )
}
