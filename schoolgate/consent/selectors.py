"""Reads of the photo-consent register: the interface other apps call.

The publishing composer and the photo checks ask two questions:

- `photo_consent(pupil, use)` returns a `ConsentAnswer` saying whether the
  pupil's photo may be used for that use (``"blog"``, ``"social"``,
  ``"press"``, ``"website"``: the codes of the policy rule
  ``consent.photo`` parameter ``uses``), with a plain-English reason and the
  clause of the school's policy it rests on;
- `staff_photo_permission(staff)` answers the same for a colleague
  (rule ``consent.colleagues``).

For many pupils at once use `consent_answers(school, pupils)`: two queries
whatever the number of pupils. Lists for the office: `pupils_without_consent`,
`renewals_due`, `do_not_post`, `register`.

How an answer is decided (`decide`): a pupil who has left has no consent; a
use the school does not ask about is never allowed; with no answer on record
there is no consent; when the policy says a refusal wins (``refusal_wins``),
any parent's current refusal or withdrawal stands whatever the other parent
said, otherwise the latest answer counts; a given consent lapses
``expiry_months`` after the date it was given (0: until withdrawn or the
pupil leaves). Consent is asked whether or not the rule is switched on: it is
the law's requirement (UK GDPR), not only the school's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation

from schoolgate.compliance.dates import last_start_ending_by
from schoolgate.consent.models import (
    Answer,
    PhotoConsent,
    RenewalRequest,
    StaffPhotoPermission,
    Use,
)
from schoolgate.consent.policy import (
    RULE,
    STAFF_RULE,
    PhotoTerms,
    colleagues_asked,
    photo_terms,
)
from schoolgate.consent.policy import source as rule_source
from schoolgate.notifications.services import turned_off
from schoolgate.people.models import Parent, ParentLink, Pupil, School, StaffMember
from schoolgate.people.selectors import pupils_of

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


class State(models.TextChoices):
    """Where a pupil's consent for one use stands on a given day."""

    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Lapsed"
    NONE = "none", "No answer"
    LEFT = "left", "Left the school"
    NOT_ASKED = "not_asked", "Not asked"


@dataclass(frozen=True)
class ConsentAnswer:
    """Whether a photo may be used, and why; what other apps get back.

    `allowed` is the only thing to act on; `state` says which case it is
    (a `State` value); `reason` is a sentence to show a person; `source` is
    the clause of the school's policy, e.g. ``brize "Privacy and
    Safeguarding"``; `expires_on` is the day consent lapses (None: until
    withdrawn); `renewal_due` is true inside the renewal notice period;
    `evidence` holds the current answers the decision rests on.
    """

    use: str
    allowed: bool
    state: str
    reason: str
    source: str
    rule: str = RULE
    expires_on: dt.date | None = None
    renewal_due: bool = False
    evidence: tuple[PhotoConsent | StaffPhotoPermission, ...] = ()

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def use_label(self) -> str:
        return use_label(self.use)


def today() -> dt.date:
    return timezone.localdate()


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` later (31 Jan + 1 month is 28/29 Feb)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return day.replace(year=year, month=month + 1, day=min(day.day, _days_in(year, month + 1)))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def use_label(use: str) -> str:
    """Return a use as a person reads it, e.g. "social media"."""
    return _use_label(use, translation.get_language())


@functools.lru_cache(maxsize=256)
def _use_label(use: str, language: str | None) -> str:
    # Once per use and language: an enum's label costs as much as a query on
    # a sheet of 2,000 pupils.
    return Use(use).label.lower() if use in Use.values else use


# How a use reads inside a sentence: "consent for the school blog".
PHRASES = {"blog": "the school blog", "press": "the press", "website": "the website"}


def _phrase(use: str) -> str:
    return PHRASES.get(use) or use_label(use)


# ---------------------------------------------------------------------------
# Deciding one pupil and one use
# ---------------------------------------------------------------------------


def decide(
    terms: PhotoTerms, pupil: Pupil, use: str, current: Sequence[PhotoConsent], on: dt.date
) -> ConsentAnswer:
    """Return the answer for one use, from the pupil's current answers for it."""
    source = terms.source

    def no(state: str, reason: str, evidence: Sequence[PhotoConsent] = ()) -> ConsentAnswer:
        return ConsentAnswer(use, False, state, reason, source, evidence=tuple(evidence))

    label = _phrase(use)
    if not terms.pupils_answer:
        # A pupil's own answer counts only where the policy lets pupils answer.
        current = [c for c in current if not c.by_pupil]
    if pupil.status == Pupil.Status.FORMER:
        return no(State.LEFT, f"{pupil.first_name} has left the school; consent ends then.")
    if use not in terms.uses:
        return no(State.NOT_ASKED, f"This school does not ask consent for {label}.")
    if not current:
        return no(State.NONE, f"No parent has given consent for {label}.")
    against = _deciding_refusal(terms, current)
    if against is not None:
        return no(against.answer, _refusal_reason(against, label, current), current)
    return _given(terms, use, current, on, source)


def _deciding_refusal(terms: PhotoTerms, current: Sequence[PhotoConsent]) -> PhotoConsent | None:
    """Return the refusal that decides, or None when consent stands."""
    if terms.refusal_wins:
        refusals = [c for c in current if c.answer != Answer.GIVEN]
        return max(refusals, key=_answered_order, default=None)
    latest = max(current, key=_answered_order)
    return latest if latest.answer != Answer.GIVEN else None


def _answered_order(consent: PhotoConsent) -> tuple[dt.date, dt.datetime]:
    return consent.given_on, consent.created_at


def _refusal_reason(refusal: PhotoConsent, label: str, current: Sequence[PhotoConsent]) -> str:
    verb = "withdrew" if refusal.answer == Answer.WITHDRAWN else "refused"
    who = "The pupil, answering for themselves," if refusal.by_pupil else "A parent"
    reason = f"{who} {verb} consent for {label} on {_day(refusal.given_on)}"
    if any(c.answer == Answer.GIVEN for c in current):
        return reason + "; the parents disagree, and the refusal stands."
    return reason + "."


def _given(
    terms: PhotoTerms, use: str, current: Sequence[PhotoConsent], on: dt.date, source: str
) -> ConsentAnswer:
    gives = [c for c in current if c.answer == Answer.GIVEN]
    latest = max(gives, key=_answered_order)
    months = terms.expiry_months
    expires = add_months(latest.given_on, months) if months else None
    label, evidence = _phrase(use), tuple(current)
    given = f"Consent for {label} was given on {_day(latest.given_on)}"
    if latest.by_pupil:
        age = terms.pupil_from_age
        given = (
            f"The pupil, being {age} or over, gave their own consent for {label} on "
            f"{_day(latest.given_on)} under {terms.pupil_source}"
        )
    if expires is not None and on >= expires:
        reason = f"{given} and lapsed on {_day(expires)}: it is renewed every {months} months."
        return ConsentAnswer(
            use, False, State.EXPIRED, reason, source, RULE, expires, True, evidence
        )
    notice = terms.renewal_notice_days
    due = expires is not None and on >= expires - dt.timedelta(days=notice)
    until = f"until {_day(expires)}" if expires else "until it is withdrawn or the pupil leaves"
    reason = f"{given} ({latest.get_method_display().lower()}); it lasts {until}."
    return ConsentAnswer(use, True, State.GIVEN, reason, source, RULE, expires, due, evidence)


# ---------------------------------------------------------------------------
# The questions other apps ask
# ---------------------------------------------------------------------------


def current_consents(pupils: Iterable[Pupil]) -> dict[tuple[int, str], list[PhotoConsent]]:
    """Return the current answers of the pupils, keyed by (pupil id, use)."""
    rows = PhotoConsent.objects.filter(
        pupil__in=[p.pk for p in pupils], superseded_at__isnull=True
    ).select_related("parent", "recorded_by")
    grouped: dict[tuple[int, str], list[PhotoConsent]] = defaultdict(list)
    for row in rows:
        grouped[(row.pupil_id, row.use)].append(row)
    return grouped


def photo_consent(pupil: Pupil, use: str, *, on: dt.date | None = None) -> ConsentAnswer:
    """Return whether the pupil's photo may be used for `use` on a day.

    `use` is a code of the policy's ``consent.photo`` ``uses`` parameter;
    `on` defaults to today. Never raises for an unknown use: it is refused.
    """
    grouped = current_consents([pupil])
    return decide(photo_terms(pupil.school), pupil, use, grouped[(pupil.pk, use)], on or today())


def consent_answers(
    school: School, pupils: Sequence[Pupil], *, on: dt.date | None = None
) -> dict[int, dict[str, ConsentAnswer]]:
    """Return every asked use's answer for each pupil of the school, by pupil id."""
    terms, day = photo_terms(school), on or today()
    grouped = current_consents(pupils)
    return {
        p.pk: {use: decide(terms, p, use, grouped[(p.pk, use)], day) for use in terms.uses}
        for p in pupils
    }


def _current_pupils(school: School) -> list[Pupil]:
    return list(Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT))


def pupils_without_consent(school: School, use: str, *, on: dt.date | None = None) -> list[Pupil]:
    """Return the school's current pupils whose photo may not be used for `use`."""
    terms, day = photo_terms(school), on or today()
    current = Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT)
    if use in terms.uses:
        # The database decides (`consent_states`, held equal to `decide` by a test).
        current = consent_states(current, terms, day).exclude(**{f"state_{use}": State.GIVEN})
    return list(current)


@dataclass(frozen=True)
class Renewal:
    """A pupil whose consent lapses soon (or has lapsed), and for which uses."""

    pupil: Pupil
    expires_on: dt.date
    uses: tuple[str, ...]
    lapsed: bool

    @property
    def use_labels(self) -> str:
        return ", ".join(use_label(u) for u in self.uses)


def renewals_due(
    school: School, within_days: int | None = None, *, on: dt.date | None = None
) -> list[Renewal]:
    """Return pupils whose consent lapses within the days given, soonest first.

    Lapsed consent is included (it needs renewing most). `within_days`
    defaults to the policy's ``renewal_notice_days``; a school whose consent
    never lapses has no renewals. The database picks the pupils
    (`_expiring_answers`); only they are decided one by one, for the dates.
    """
    day = on or today()
    if within_days is None:
        within_days = photo_terms(school).renewal_notice_days
    horizon = day + dt.timedelta(days=within_days)
    due_ids = _expiring_answers([school], horizon).values("pupil_id")
    renewals = _renewals(school, list(Pupil.objects.filter(pk__in=due_ids)), day, horizon)
    return sorted(renewals, key=lambda r: (r.expires_on, r.pupil.class_name, r.pupil.first_name))


def _renewals(
    school: School, pupils: list[Pupil], day: dt.date, horizon: dt.date
) -> list[Renewal]:
    """Return the renewal each pupil needs by the horizon, deciding them one by one."""
    renewals = []
    for pupil, answers in zip(
        pupils, consent_answers(school, pupils, on=day).values(), strict=True
    ):
        due = [a for a in answers.values() if a.expires_on and a.expires_on <= horizon]
        if due:
            first = min(a.expires_on for a in due if a.expires_on)
            uses = tuple(a.use for a in due)
            renewals.append(Renewal(pupil, first, uses, lapsed=first <= day))
    return renewals


def expiring_counts(
    schools: Sequence[School], within_days: int, *, on: dt.date | None = None
) -> dict[int, int]:
    """Return, per school id, how many current pupils' consent lapses within
    the days given (lapsed consent included): the count `renewals_due` lists.

    One query for any number of schools; none when no school's consent lapses.
    """
    horizon = (on or today()) + dt.timedelta(days=within_days)
    counts = {school.pk: 0 for school in schools}
    rows = (
        _expiring_answers(schools, horizon)
        .order_by()
        .values("pupil__school_id")
        .annotate(n=models.Count("pupil_id", distinct=True))
    )
    for row in rows:
        counts[row["pupil__school_id"]] = row["n"]
    return counts


def renewal_counts(
    school: School, within_days: int, *, on: dt.date | None = None
) -> tuple[int, int]:
    """Return how many current pupils' consent lapses within the days given
    (`expiring_counts`), and how many of those have lapsed already.

    One query for both: a consent lapsed by today also lapses by the horizon,
    so the second count is the first's rows given early enough to be over.
    """
    months = photo_terms(school).expiry_months
    if not months:
        return 0, 0
    day = on or today()
    over = last_start_ending_by(day, months)
    horizon = day + dt.timedelta(days=max(within_days, 0))
    found = _expiring_answers([school], horizon).aggregate(
        due=models.Count("pupil_id", distinct=True),
        lapsed=models.Count("pupil_id", distinct=True, filter=Q(given_on__lte=over)),
    )
    return int(found["due"]), int(found["lapsed"])


def _expiring_answers(
    schools: Sequence[School], horizon: dt.date
) -> models.QuerySet[PhotoConsent]:
    """Return the current given answers that decide a lapse by `horizon`.

    The same decision as `decide`, in the database: the pupil is current,
    the use asked, the answer the latest given one for the pupil and use,
    no refusal stands against it (any refusal where ``refusal_wins``, else a
    later one), and it was given early enough to lapse by the horizon.
    Schools whose consent never lapses add nothing to the query.
    """
    condition = Q(pk__in=[])
    for school in schools:
        terms = photo_terms(school)
        months = terms.expiry_months
        if months:
            condition |= Q(
                pupil__school=school,
                use__in=list(terms.uses),
                given_on__lte=last_start_ending_by(horizon, months),
            )
    current = PhotoConsent.objects.filter(
        pupil=models.OuterRef("pupil_id"), use=models.OuterRef("use"), superseded_at=None
    )
    later = Q(given_on__gt=models.OuterRef("given_on")) | Q(
        given_on=models.OuterRef("given_on"), created_at__gt=models.OuterRef("created_at")
    )
    refusals = current.exclude(answer=Answer.GIVEN)
    return (
        PhotoConsent.objects.annotate(
            refusal_wins=_school_flag(schools),
            later_given=models.Exists(current.filter(later, answer=Answer.GIVEN)),
            any_refusal=models.Exists(refusals),
            later_refusal=models.Exists(refusals.filter(later)),
        )
        .filter(condition, answer=Answer.GIVEN, superseded_at=None)
        .filter(pupil__status=Pupil.Status.CURRENT, later_given=False)
        .exclude(Q(refusal_wins=True, any_refusal=True) | Q(later_refusal=True))
    )


def _school_flag(schools: Sequence[School]) -> models.Case:
    """Return each answer's school's ``refusal_wins``, as an SQL expression."""
    winning = [s.pk for s in schools if photo_terms(s).refusal_wins]
    return models.Case(
        models.When(pupil__school__in=winning, then=models.Value(True)),
        default=models.Value(False),
        output_field=models.BooleanField(),
    )


#: The notification topic of renewal requests, which a parent may turn off.
RENEWAL_TOPIC = "consent.renewal"


def parent_email(parent: Parent) -> str:
    """Return the address a parent is written to: the MIS one, else their login's."""
    return parent.email or (parent.user.email if parent.user_id and parent.user else "")


@dataclass(frozen=True)
class ParentChase:
    """One parent of a pupil whose renewal is unanswered, and what was sent.

    `email` is empty when the school has no address for the parent, or the
    parent turned renewal emails off: either way the school writes instead.
    """

    parent: Parent
    email: str
    sent: dict[str, dt.datetime]

    @property
    def requested_at(self) -> dt.datetime | None:
        return self.sent.get(RenewalRequest.Stage.REQUEST)

    @property
    def last_reminder(self) -> str:
        for stage in (RenewalRequest.Stage.REMINDER_14, RenewalRequest.Stage.REMINDER_7):
            if stage in self.sent:
                return f"{stage.label}, {self.sent[stage]:%d %b %Y}"
        return ""


@dataclass(frozen=True)
class Unanswered:
    """A pupil whose consent is due or lapsed, not yet renewed, with their parents."""

    renewal: Renewal
    parents: tuple[ParentChase, ...]

    @property
    def pupil(self) -> Pupil:
        return self.renewal.pupil

    @property
    def needs_letter(self) -> bool:
        """True when no parent can be emailed: the office sends a letter."""
        return not any(p.email for p in self.parents)


def renewals_unanswered(
    school: School, *, q: str = "", letters_only: bool = False, on: dt.date | None = None
) -> UnansweredRows:
    """Return the pupils whose consent is due for renewal or lapsed and unanswered.

    A parent's renewal moves the lapse date on and a refusal takes the use
    off the list, so whoever is still here has not answered. Each pupil
    comes with their parents, their address (if any) and the requests and
    reminders already sent for this lapse cycle. `q` searches the pupil's
    names and class; `letters_only` keeps the families without email.

    The database picks, searches and orders the pupils (soonest lapse first,
    then class and first name); a page of them is decided as it is read, so
    a school of 2,000 costs what a page costs.
    """
    day = on or today()
    notice = photo_terms(school).renewal_notice_days
    horizon = day + dt.timedelta(days=notice)
    expiring = _expiring_answers([school], horizon).order_by()
    for word in q.split():
        expiring = expiring.filter(
            Q(pupil__first_name__icontains=word)
            | Q(pupil__surname__icontains=word)
            | Q(pupil__preferred_name__icontains=word)
            | Q(pupil__class_name__icontains=word)
        )
    if letters_only:
        emailable = ParentLink.objects.filter(pupil=models.OuterRef("pupil_id")).filter(
            ~Q(parent__email="") | (Q(parent__user__isnull=False) & ~Q(parent__user__email=""))
        )
        expiring = expiring.exclude(models.Exists(emailable))
    # One read of the expiring answers gives each pupil's first lapse with
    # what the order needs (the answers are dear to pick: not twice).
    found = (
        expiring.values("pupil_id", "pupil__class_name", "pupil__first_name")
        .annotate(first=models.Min("given_on"))
        .values_list("pupil_id", "first", "pupil__class_name", "pupil__first_name")
    )
    order = sorted(found, key=lambda row: row[1:])
    return UnansweredRows(school, [row[0] for row in order], day, horizon)


class UnansweredRows(Sequence[Unanswered]):
    """The unanswered renewals, picked and ordered in the database, decided as read."""

    CHUNK = 500

    def __init__(self, school: School, ids: list[int], day: dt.date, horizon: dt.date) -> None:
        self.school, self.ids, self.day, self.horizon = school, ids, day, horizon

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._rows(self.ids[index])
        return self._rows([self.ids[index]])[0]

    def __iter__(self) -> Iterator[Unanswered]:
        for start in range(0, len(self.ids), self.CHUNK):
            yield from self._rows(self.ids[start : start + self.CHUNK])

    def _rows(self, ids: list[int]) -> list[Unanswered]:
        found = Pupil.objects.in_bulk(ids)
        pupils = [found[pk] for pk in ids if pk in found]
        due = _renewals(self.school, pupils, self.day, self.horizon)
        parents: dict[int, list[Parent]] = defaultdict(list)
        for link in ParentLink.objects.filter(pupil__in=ids).select_related("parent__user"):
            parents[link.pupil_id].append(link.parent)
        off = turned_off(
            (p.user_id for found in parents.values() for p in found if p.user_id), RENEWAL_TOPIC
        )
        sent: dict[tuple[int, int, dt.date], dict[str, dt.datetime]] = defaultdict(dict)
        for row in RenewalRequest.objects.filter(pupil__in=ids):
            sent[(row.pupil_id, row.parent_id, row.expires_on)][row.stage] = row.sent_at
        return [
            Unanswered(
                r,
                tuple(
                    ParentChase(
                        p,
                        "" if p.user_id in off else parent_email(p),
                        sent[(r.pupil.pk, p.pk, r.expires_on)],
                    )
                    for p in sorted(parents[r.pupil.pk], key=lambda p: (p.surname, p.first_name))
                ),
            )
            for r in due
        ]


@dataclass(frozen=True)
class Withdrawal:
    """A pupil whose photo consent was withdrawn lately, for which uses, and when."""

    pupil: Pupil
    uses: tuple[str, ...]
    recorded_at: dt.datetime

    @property
    def use_labels(self) -> str:
        return ", ".join(use_label(u) for u in self.uses)


#: More withdrawals than this in one week is no school's; the list stops there.
WITHDRAWALS_READ = 500


def recent_withdrawals(school: School, *, days: int) -> list[Withdrawal]:
    """Return the pupils whose photo consent was withdrawn at the school in the
    last days given and still stands, latest first, one entry per pupil."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = (
        PhotoConsent.objects.filter(
            school=school, answer=Answer.WITHDRAWN, created_at__gte=since, superseded_at=None
        )
        .select_related("pupil")
        .order_by("-created_at", "-pk")[:WITHDRAWALS_READ]
    )
    by_pupil: dict[int, list[PhotoConsent]] = {}
    for row in rows:
        by_pupil.setdefault(row.pupil_id, []).append(row)
    return [
        Withdrawal(found[0].pupil, tuple(sorted({c.use for c in found})), found[0].created_at)
        for found in by_pupil.values()
    ]


def staff_photo_permission(staff: StaffMember, *, on: dt.date | None = None) -> ConsentAnswer:
    """Return whether a photo of a colleague may be posted, and why.

    Under rule ``consent.colleagues`` a colleague agrees for themselves, once,
    until they withdraw it or leave; where the school's policy does not ask,
    the answer is allowed and says so.
    """
    source = rule_source(staff.school, STAFF_RULE)
    use = "colleagues"
    if not colleagues_asked(staff.school):
        reason = "This school's policy does not ask staff before photos of them are posted."
        return ConsentAnswer(use, True, State.NOT_ASKED, reason, source, STAFF_RULE)
    if not staff.is_current:
        reason = f"{staff.formal_name} no longer works at the school."
        return ConsentAnswer(use, False, State.LEFT, reason, source, STAFF_RULE)
    current = staff.photo_permissions.filter(superseded_at__isnull=True).first()
    return _staff_answer(staff, current, source)


def _staff_answer(
    staff: StaffMember, current: StaffPhotoPermission | None, source: str
) -> ConsentAnswer:
    use, name = "colleagues", staff.formal_name
    if current is None:
        reason = f"{name} has not said whether photos of them may be posted."
        return ConsentAnswer(use, False, State.NONE, reason, source, STAFF_RULE)
    when = _day(current.given_on)
    if current.answer != Answer.GIVEN:
        reason = f"{name} {current.get_answer_display().lower()} permission on {when}."
        return ConsentAnswer(
            use, False, current.answer, reason, source, STAFF_RULE, None, False, (current,)
        )
    reason = f"{name} agreed on {when} to photos of them being posted."
    return ConsentAnswer(
        use, True, State.GIVEN, reason, source, STAFF_RULE, None, False, (current,)
    )


# ---------------------------------------------------------------------------
# The office's lists
# ---------------------------------------------------------------------------

NOT_ALLOWED = "not_allowed"  # a register filter: any state that stops a photo


@dataclass
class RegisterRow:
    pupil: Pupil
    answers: dict[str, ConsentAnswer] = field(default_factory=dict)

    @property
    def cells(self) -> list[ConsentAnswer]:
        return list(self.answers.values())

    @property
    def labelled(self) -> list[tuple[str, ConsentAnswer]]:
        """Return each use's label ("social media") with its answer, in order."""
        return [(use_label(use), answer) for use, answer in self.answers.items()]

    @property
    def settled(self) -> bool:
        """Return whether every use is allowed with no renewal due: nothing to act on."""
        return all(a.allowed and not a.renewal_due for a in self.answers.values())


def register(
    school: School,
    *,
    q: str = "",
    class_name: str = "",
    use: str = "",
    state: str = "",
    on: dt.date | None = None,
) -> RegisterRows:
    """Return the register's rows for the school's current pupils, filtered.

    `state` is a `State` value, or ``"not_allowed"`` for any state that
    stops a photo; with `use` it looks at that use only, without it at any.
    The database filters and counts (`consent_states`); a page of rows, or
    the export a chunk at a time, is decided one pupil at a time as
    `photo_consent` would, so a school of 2,000 costs what a page costs.
    """
    day = on or today()
    pupils = pupils_of(school, q=q, class_name=class_name, status=Pupil.Status.CURRENT)
    pupils = pupils.order_by("surname", "first_name", "pk")
    if state:
        terms = photo_terms(school)
        uses = [use] if use in terms.uses else list(terms.uses)
        pupils = consent_states(pupils, terms, day)
        wanted = (
            [~Q(**{f"state_{u}": State.GIVEN}) for u in uses]
            if state == NOT_ALLOWED
            else [Q(**{f"state_{u}": state}) for u in uses]
        )
        pupils = pupils.filter(_any(wanted))
    return RegisterRows(school, pupils, day)


def _any(conditions: Sequence[Q]) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


class RegisterRows(Sequence[RegisterRow]):
    """The register's rows, counted in the database and decided as they are read."""

    CHUNK = 500

    def __init__(self, school: School, pupils: models.QuerySet[Pupil], on: dt.date) -> None:
        self.school, self.pupils, self.on = school, pupils, on

    def count(self) -> int:  # type: ignore[override]
        return self.pupils.count()

    def __len__(self) -> int:
        return self.count()

    def _rows(self, pupils: list[Pupil]) -> list[RegisterRow]:
        answers = consent_answers(self.school, pupils, on=self.on)
        return [RegisterRow(p, answers[p.pk]) for p in pupils]

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._rows(list(self.pupils[index]))
        return self._rows([self.pupils[index]])[0]

    def __iter__(self) -> Iterator[RegisterRow]:
        start = 0
        while chunk := self[start : start + self.CHUNK]:
            yield from chunk
            start += self.CHUNK


def consent_states(
    pupils: models.QuerySet[Pupil], terms: PhotoTerms, on: dt.date
) -> models.QuerySet[Pupil]:
    """Annotate each pupil with ``state_<use>`` for every use the school asks.

    The same answer as `decide` gives a current pupil, in the database: no
    current answer is "none"; a standing refusal (any, where ``refusal_wins``,
    else the latest answer) gives its own state; a given consent older than
    ``expiry_months`` has lapsed; otherwise it is given. A test holds the two
    equal on every kind of history.
    """
    months = terms.expiry_months
    lapsed_by = last_start_ending_by(on, months) if months else None
    text = models.CharField()
    # What the deciding answer says: a refusal or withdrawal itself; a
    # consent given, or lapsed by its date.
    lapsed = [models.When(given_on__lte=lapsed_by, then=models.Value(State.EXPIRED))]
    says = models.Case(
        models.When(~Q(answer=Answer.GIVEN), then=models.F("answer")),
        *(lapsed if lapsed_by is not None else []),
        default=models.Value(State.GIVEN),
        output_field=text,
    )
    # The deciding answer: the newest, or where a refusal wins, the newest
    # refusal before any consent.
    order: list[Any] = ["-given_on", "-created_at"]
    if terms.refusal_wins:
        consent_last = models.Case(models.When(answer=Answer.GIVEN, then=1), default=0)
        order.insert(0, consent_last.asc())
    annotations: dict[str, Any] = {}
    for use in terms.uses:
        current = PhotoConsent.objects.filter(
            pupil=models.OuterRef("pk"), use=use, superseded_at=None
        )
        deciding = current.order_by(*order).annotate(state=says).values("state")[:1]
        # One subquery a use, run once a pupil; none found is "none". (Not
        # `~Exists(current)`: PostgreSQL hashes that over the whole trust's
        # answers, a scan that grows with every school.)
        annotations[f"state_{use}"] = Coalesce(
            models.Subquery(deciding), models.Value(State.NONE), output_field=text
        )
    return pupils.annotate(**annotations)


def _row_matches(row: RegisterRow, use: str, state: str) -> bool:
    cells = [row.answers[use]] if use in row.answers else row.cells
    if state == NOT_ALLOWED:
        return any(not a.allowed for a in cells)
    return any(a.state == state for a in cells)


@dataclass(frozen=True)
class DoNotPostRow:
    """One line of the printed sheet: who, which class, and which uses not."""

    name: str
    class_name: str
    uses: tuple[str, ...]
    nothing_allowed: bool

    @property
    def use_labels(self) -> str:
        return ", ".join(use_label(u) for u in self.uses)


def do_not_post(
    school: School, *, on: dt.date | None = None, class_name: str = "", q: str = ""
) -> list[DoNotPostRow]:
    """Return the current pupils whose photo may not be used somewhere.

    By class, then first name. Only what a sheet on a staffroom wall needs:
    the name the child is known by, with a surname initial only where two
    children in a class share it, and the uses not allowed. Never why: a
    refusal is often a safeguarding matter, and "lapsed" or "no answer"
    means the same as "refused" to the person holding the camera.

    `class_name` and `q` (words of a pupil's names) narrow the sheet to the
    pupils someone looks for; only their answers are read.
    """
    day = on or today()
    terms = photo_terms(school)
    status = Pupil.Status.CURRENT
    uses = list(terms.uses)
    states = [f"state_{u}" for u in uses]
    # Plain values, not pupils: a sheet of 2,000 is built in a few milliseconds.
    fields = ("pk", "class_name", "first_name", "preferred_name", "surname")
    # Names are told apart within the whole class, whoever the search found.
    in_class = pupils_of(school, class_name=class_name, status=status)
    named = _known_names(in_class.values_list(*fields))
    wanted = pupils_of(school, q=q, class_name=class_name, status=status)
    rows = []
    # The database decides (`consent_states`, held equal to `decide` by a
    # test). The states are read for every pupil wanted and those allowed
    # everything skipped here: a WHERE on the states would run each pupil's
    # subqueries twice, dearer than a row the sheet does not show.
    for pk, pupil_class, *answers in consent_states(wanted, terms, day).values_list(
        "pk", "class_name", *states
    ):
        refused = tuple(u for u, state in zip(uses, answers, strict=True) if state != State.GIVEN)
        if not refused:
            continue
        everything = len(refused) == len(uses)
        rows.append(DoNotPostRow(named[pk], pupil_class, refused, everything))
    return sorted(rows, key=lambda r: (r.class_name, r.name))


def _known_names(pupils: Iterable[tuple[int, str, str, str, str]]) -> dict[int, str]:
    """Return the name each pupil is known by, made unique within a class,
    from (pk, class, first name, preferred name, surname)."""
    pupils = list(pupils)
    first = {pk: preferred or first_name for pk, _, first_name, preferred, _ in pupils}
    count: dict[tuple[str, str], int] = defaultdict(int)
    for pk, class_name, *_ in pupils:
        count[(class_name, first[pk])] += 1
    return {
        pk: first[pk] + (f" {surname[:1]}." if count[(class_name, first[pk])] > 1 else "")
        for pk, class_name, _, _, surname in pupils
    }


def consent_history(pupil: Pupil) -> list[PhotoConsent]:
    """Return every answer ever recorded for the pupil, newest first."""
    return list(
        PhotoConsent.objects.filter(pupil=pupil)
        .select_related("parent", "recorded_by")
        .order_by("-created_at", "-pk")
    )


def own_child(user: User, school: School | None, pk: int) -> Pupil:
    """Return the user's own child at the school, or the same Http404 as for a stranger."""
    from schoolgate.people.selectors import children_of

    for child in children_of(user, school):
        if child.pk == pk:
            return child
    raise Http404("No such pupil.")


def own_parent_record(user: User, pupil: Pupil) -> Parent | None:
    """Return the user's parent record linked to the pupil, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Parent.objects.filter(user=user, children=pupil).first()


def staff_permissions(school: School, *, q: str = "") -> list[tuple[StaffMember, ConsentAnswer]]:
    """Return the school's current staff with their answer about photos."""
    staff = StaffMember.objects.filter(school=school, is_current=True).select_related("school")
    for word in q.split():
        staff = staff.filter(Q(first_name__icontains=word) | Q(surname__icontains=word))
    current = {
        p.staff_id: p
        for p in StaffPhotoPermission.objects.filter(school=school, superseded_at__isnull=True)
    }
    source = rule_source(school, STAFF_RULE)
    return [(s, _staff_answer(s, current.get(s.pk), source)) for s in staff]


def own_staff_record(user: User, school: School | None) -> StaffMember | None:
    """Return the user's own current staff record at the school, if any."""
    if school is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        StaffMember.objects.filter(user=user, school=school, is_current=True)
        .select_related("school")
        .first()
    )


# ---------------------------------------------------------------------------
# Access to one pupil or member of staff
# ---------------------------------------------------------------------------


def access_pupil_for(user: User, pk: int, *, action: str = "consent.view") -> Pupil:
    """Return the pupil if the user may take the action on their consent.

    A pupil of another school answers exactly as a missing one does.
    """
    from schoolgate.core.permissions import can  # it imports people selectors

    pupil = Pupil.objects.select_related("school__trust").filter(pk=pk).first()
    if pupil is None:
        raise Http404("No such pupil.")
    if not can(user, action, pupil):
        raise Http404("No such pupil.")
    return pupil


def access_staff_for(user: User, pk: int, *, action: str = "consent.record_staff") -> StaffMember:
    """Return the member of staff if the user may take the action; else 404."""
    from schoolgate.core.permissions import can

    staff = StaffMember.objects.select_related("school__trust").filter(pk=pk).first()
    if staff is None:
        raise Http404("No such member of staff.")
    if not can(user, action, staff):
        raise Http404("No such member of staff.")
    return staff
