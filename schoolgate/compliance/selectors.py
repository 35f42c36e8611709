"""Reads: policy versions, review dates, who has signed, who is overdue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from schoolgate.compliance import policy
from schoolgate.compliance.dates import (
    add_months,
    last_start_ending_by,
    school_year_start,
    term_start,
)
from schoolgate.compliance.models import PolicyVersion, SavedCheck, SignOff, TrainingSession
from schoolgate.compliance.policy import staff_refresh_months
from schoolgate.people.models import Parent, Pupil, RoleAssignment, School
from schoolgate.people.roles import STAFF_ROLES
from schoolgate.people.selectors import pupil_classes, roles_at, users_with_role

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

ONE_DAY = timedelta(days=1)

# ---------------------------------------------------------------------------
# Versions and reviews
# ---------------------------------------------------------------------------


def current_version(school: School) -> PolicyVersion | None:
    """Return the school's latest approved policy version, if any."""
    return PolicyVersion.objects.filter(school=school).order_by("-number").first()


def versions_of(school: School) -> QuerySet[PolicyVersion]:
    """Return the school's versions, newest first, with who published them."""
    return (
        PolicyVersion.objects.filter(school=school)
        .select_related("published_by")
        .defer("text")
        .order_by("-number")
    )


def access_version_for(user: User, pk: int) -> PolicyVersion:
    """Return the version if the user may read it; else raise the same Http404."""
    from schoolgate.core.permissions import can

    version = PolicyVersion.objects.select_related("school__trust").filter(pk=pk).first()
    if version is None:
        raise Http404("No such policy version.")
    if not can(user, "compliance.document_view", version.school):
        raise Http404("No such policy version.")
    return version


def policy_changed_since(school: School, version: PolicyVersion | None) -> bool:
    """Return whether the rules differ from those of the version (or none exists)."""
    return version is None or version.digest != policy.digest(school)


def announced_to(school: School) -> list[str]:
    """Return who besides staff is told of a new version, as the policy says.

    stpeters "Monitoring and review": changes reach staff, pupils and parents.
    """
    return [a for a in policy.announced_to(school) if a != "staff"]


#: The notification topic parents may turn off: a new version of the policy.
POLICY_UPDATED = "compliance.policy_updated"


def parent_addresses(school: School) -> list[tuple[str, User | None]]:
    """Return the distinct email addresses of the school's parents and carers
    told of a new policy version, each with its account (if any); a parent
    whose account turned those emails off is left out."""
    from schoolgate.notifications.services import turned_off

    found = list(Parent.objects.filter(school=school).exclude(email="").select_related("user"))
    off = turned_off((p.user_id for p in found if p.user_id), POLICY_UPDATED)
    told: dict[str, User | None] = {}
    for parent in sorted(found, key=lambda p: p.pk):
        if parent.user_id not in off:
            told.setdefault(parent.email, parent.user)
    return sorted(told.items(), key=lambda pair: pair[0])


def parent_emails(school: School) -> list[str]:
    """Return the addresses a new policy version is emailed to."""
    return [email for email, _ in parent_addresses(school)]


def review_due_on(school: School, version: PolicyVersion | None = None) -> date | None:
    """Return when the school's policy is next due for review, or None if no date is set.

    The interval runs from the latest approval (see `document.next_review_on`).
    """
    return policy.next_review(school, version.approved_on if version else None)


# ---------------------------------------------------------------------------
# Sign-off
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SignoffStatus:
    """Where a person stands with the school's current policy version."""

    required: bool  # the person is staff here and the rule is on
    version: int | None
    signed_any: bool  # signed this or an earlier version
    status: str  # "signed", "query", "" (nothing yet), or "none" (no version)
    answered_at: datetime | None = None
    replied: bool = False  # the head has answered the person's query

    @property
    def signed(self) -> bool:
        return self.status == "signed"

    @property
    def outstanding(self) -> bool:
        """Return whether the person still has to sign the current version."""
        return self.required and self.status not in ("signed", "none")


def signoff_status(user: User, school: School | None) -> SignoffStatus:
    """Return the user's standing with the current version, in one query.

    Kept on the user for the rest of the request, like the role cache.
    """
    cache: dict[int | None, SignoffStatus] = user.__dict__.setdefault("_signoff_cache", {})
    key = school.pk if school else None
    if key not in cache:
        cache[key] = _signoff_status(user, school)
    return cache[key]


# The kinds of adult a policy may or may not cover (`people.roles:covers`);
# leaders and the roles the policy names (head, DSL, HR, ...) are always bound.
ADULT_KINDS = frozenset(
    {"teacher", "support", "supply", "agency", "contractor", "volunteer", "governor", "trustee"}
)


def covered_roles(school: School) -> frozenset[str]:
    """Return the staff roles the school's policy applies to (C2.2).

    An agency worker under a policy that covers no agency staff (brize,
    jessons) is not asked to sign it; whmat 2.1-2.4 covers trustees too.
    """
    covers = policy.covered_kinds(school)
    if covers is None:
        return STAFF_ROLES
    return frozenset(STAFF_ROLES - (ADULT_KINDS - covers))


def _signoff_status(user: User, school: School | None) -> SignoffStatus:
    staff = school is not None and bool(roles_at(user, school) & covered_roles(school))
    if school is None or not staff:
        return SignoffStatus(False, None, False, "none")
    # The version first: a school with none asks nobody, and reads no policy.
    row = _latest_with_answer(user, school)
    if row is None:
        return SignoffStatus(True, None, False, "none")
    if not policy.signoff_asked(school):
        return SignoffStatus(False, None, False, "none")
    return SignoffStatus(
        True,
        row["number"],
        row["my_signed"],
        row["my_status"] or "",
        row["my_time"],
        row["my_reply"] is not None,
    )


def _latest_with_answer(user: User, school: School) -> Mapping[str, Any] | None:
    mine = SignOff.objects.filter(user=user, version__school=school)
    this = mine.filter(version=OuterRef("pk"))
    return (
        PolicyVersion.objects.filter(school=school)
        .order_by("-number")
        .annotate(
            my_status=Subquery(this.values("status")[:1]),
            my_time=Subquery(this.values("answered_at")[:1]),
            my_reply=Subquery(this.values("replied_at")[:1]),
            my_signed=Exists(mine.filter(status=SignOff.Status.SIGNED)),
        )
        .values("number", "my_status", "my_time", "my_reply", "my_signed")
        .first()
    )


@dataclass(frozen=True)
class StaffSignoff:
    user: User
    status: str
    answered_at: datetime | None
    question: str
    signoff: SignOff | None = None

    @property
    def waiting_for_reply(self) -> bool:
        return self.status == "query" and self.signoff is not None and not self.signoff.replied_at


def staff_users(school: School) -> QuerySet[User]:
    """Return the users the school's policy covers (a staff role it applies to), by name."""
    covered = covered_roles(school)
    return users_with_role(school, covered).order_by("last_name", "first_name", "email")


STAFF_SEARCH = ["first_name", "last_name", "display_name", "email"]


def signoff_register(
    school: School, *, outstanding_only: bool = False, q: str = ""
) -> list[StaffSignoff]:
    """Return every member of staff with their answer to the current version.

    `q` keeps those whose name or email holds every word of it.
    """
    version = current_version(school)
    answers = {}
    if version is not None:
        answers = {s.user_id: s for s in SignOff.objects.filter(version=version)}
    staff = staff_users(school)
    for word in q.split():
        staff = staff.filter(_any_contains(STAFF_SEARCH, word))
    rows = []
    for user in staff:
        answer = answers.get(user.pk)
        status = answer.status if answer else ""
        if outstanding_only and status == SignOff.Status.SIGNED:
            continue
        rows.append(
            StaffSignoff(
                user,
                status,
                answer.answered_at if answer else None,
                answer.question if answer else "",
                answer,
            )
        )
    return rows


def _any_contains(fields: list[str], word: str) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


def access_query_for(user: User, pk: int) -> SignOff:
    """Return a query raised about the school's policy to one who answers queries.

    Anything else (missing, signed, another school's) is the same Http404.
    """
    from schoolgate.core.permissions import can

    found = (
        SignOff.objects.select_related("user", "version__school__trust", "replied_by")
        .filter(pk=pk, status=SignOff.Status.QUERY)
        .first()
    )
    if found is None:
        raise Http404("No such query.")
    if not can(user, "compliance.query_reply", found.version.school):
        raise Http404("No such query.")
    return found


def my_signoff(user: User, school: School) -> SignOff | None:
    """Return the user's answer to the school's current version, if any."""
    version = current_version(school)
    if version is None:
        return None
    return SignOff.objects.filter(version=version, user=user).select_related("replied_by").first()


def unsigned_count(school: School) -> int:
    """Return how many staff have not signed the current version."""
    version = current_version(school)
    staff = staff_users(school)
    if version is None:
        return 0
    signed = SignOff.objects.filter(version=version, status=SignOff.Status.SIGNED)
    return staff.exclude(pk__in=signed.values("user")).count()


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffTraining:
    user: User
    last_trained: date | None
    due_on: date | None

    @property
    def overdue(self) -> bool:
        return self.due_on is None or self.due_on < timezone.localdate()


def last_staff_training(school: School, users: Iterable[Any]) -> dict[int, date]:
    """Return, per user id, the date of their latest staff session at the school."""
    rows = (
        TrainingSession.objects.filter(
            school=school, audience=TrainingSession.Audience.STAFF, attendees__in=list(users)
        )
        .values("attendees")
        .annotate(last=Max("held_on"))
    )
    return {row["attendees"]: row["last"] for row in rows}


def staff_training(school: School) -> list[StaffTraining]:
    """Return every member of staff with their last training and when it is due."""
    months = staff_refresh_months(school)
    users = list(staff_users(school))
    last = last_staff_training(school, users)
    return [
        StaffTraining(
            user,
            last.get(user.pk),
            add_months(last[user.pk], months) if user.pk in last and months else None,
        )
        for user in users
    ]


def training_lapsed(user: User, school: School) -> bool:
    """Return whether the user's staff training is missing or out of date."""
    months = staff_refresh_months(school)
    last = last_staff_training(school, [user]).get(user.pk)
    if last is None:
        return True
    return bool(months) and add_months(last, months) < timezone.localdate()


def classes_overdue(school: School, today: date | None = None) -> list[str]:
    """Return the classes with no online-safety session in the current period."""
    frequency = policy.pupil_training_frequency(school)
    if frequency == "none":
        return []
    today = today or timezone.localdate()
    since = term_start(today) if frequency == "termly" else school_year_start(today)
    taught = set(
        TrainingSession.objects.filter(
            school=school, audience=TrainingSession.Audience.PUPILS, held_on__gte=since
        ).values_list("class_name", flat=True)
    )
    return [name for name in pupil_classes(school) if name not in taught]


def parents_session_overdue(school: School, today: date | None = None) -> bool:
    """Return whether parents' sessions are required and none was held this school year."""
    if not policy.parent_sessions_asked(school):
        return False
    since = school_year_start(today or timezone.localdate())
    return not TrainingSession.objects.filter(
        school=school, audience=TrainingSession.Audience.PARENTS, held_on__gte=since
    ).exists()


def sessions_of(school: School, *, audience: str = "", q: str = "") -> QuerySet[TrainingSession]:
    """Return the school's training sessions, newest first, with attendance counts.

    `q` keeps sessions whose title or class holds every word of it.
    """
    from django.db.models import Count

    qs = TrainingSession.objects.filter(school=school)
    if audience:
        qs = qs.filter(audience=audience)
    for word in q.split():
        qs = qs.filter(_any_contains(["title", "class_name"], word))
    return qs.annotate(staff_count=Count("attendees")).select_related("recorded_by")


def access_training_session_for(user: User, pk: int) -> TrainingSession:
    """Return a session to one who records the school's training; else Http404."""
    from schoolgate.core.permissions import can

    found = TrainingSession.objects.select_related("school__trust").filter(pk=pk).first()
    if found is None:
        raise Http404("No such session.")
    if not can(user, "compliance.training_record", found.school):
        raise Http404("No such session.")
    return found


# ---------------------------------------------------------------------------
# The compliance counts of many schools at once, in a fixed number of queries
# ---------------------------------------------------------------------------


class CountOf(Subquery):
    """The number of rows a subquery returns, as a column of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def current_versions(schools: Iterable[School]) -> dict[int, PolicyVersion]:
    """Return each school's latest approved version by school id, in one query."""
    latest = PolicyVersion.objects.filter(school=OuterRef("school")).order_by("-number")
    rows = PolicyVersion.objects.filter(
        school__in=[s.pk for s in schools], pk=Subquery(latest.values("pk")[:1])
    ).defer("text")
    return {v.school_id: v for v in rows}


def _staff_assignments() -> QuerySet[RoleAssignment]:
    """Return the live staff roles held at the outer query's school."""
    return RoleAssignment.objects.filter(
        Q(school=OuterRef("pk")) | Q(school__isnull=True, trust=OuterRef("trust_id")),
        Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()),
        role__in=list(STAFF_ROLES),
    )


def unsigned_counts(schools: Iterable[School]) -> dict[int, int]:
    """Return, per school id, how many staff have not signed its current version."""
    latest = PolicyVersion.objects.filter(school=OuterRef("pk")).order_by("-number")
    signed = SignOff.objects.filter(
        user=OuterRef("user_id"),
        version=OuterRef(OuterRef("version_id")),
        status=SignOff.Status.SIGNED,
    )
    unsigned = _staff_assignments().exclude(Exists(signed)).values("user_id").distinct()
    rows = (
        School.objects.filter(pk__in=[s.pk for s in schools])
        .annotate(version_id=Subquery(latest.values("pk")[:1]))
        .annotate(n=CountOf(unsigned))
        .values_list("pk", "version_id", "n")
    )
    return {pk: n if version else 0 for pk, version, n in rows}


def training_overdue_counts(schools: Iterable[School]) -> dict[int, int]:
    """Return, per school id, the staff, classes and parents' sessions overdue
    (what `staff_training`, `classes_overdue` and `parents_session_overdue`
    find), in three queries."""
    schools = list(schools)
    staff = _staff_overdue_counts(schools)
    classes = _classes_overdue_counts(schools)
    parents = _parents_overdue(schools)
    return {s.pk: staff[s.pk] + classes.get(s.pk, 0) + int(s.pk in parents) for s in schools}


def _staff_overdue_counts(schools: list[School]) -> dict[int, int]:
    policy.remember_policies(schools)
    today = timezone.localdate()
    # Trained on or after this day is up to date (due again today or later);
    # with no refresh interval nobody is (`staff_training` gives no due date).
    yesterday = today - ONE_DAY
    since = Case(
        *(
            When(pk=s.pk, then=Value(last_start_ending_by(yesterday, months) + ONE_DAY))
            for s in schools
            if (months := policy.staff_refresh_months(s))
        ),
        default=Value(None),
        output_field=DateField(),
    )
    trained = TrainingSession.objects.filter(
        school=OuterRef(OuterRef("pk")),
        audience=TrainingSession.Audience.STAFF,
        attendees=OuterRef("user_id"),
        held_on__gte=OuterRef(OuterRef("trained_since")),
    )
    overdue = _staff_assignments().exclude(Exists(trained)).values("user_id").distinct()
    rows = (
        School.objects.filter(pk__in=[s.pk for s in schools])
        .annotate(trained_since=since)
        .annotate(n=CountOf(overdue))
        .values_list("pk", "n")
    )
    return dict(rows)


def _training_periods(schools: list[School], audience: str) -> dict[int, date]:
    """Return, per school asking for pupils' or parents' sessions, the day the
    current period began."""
    policy.remember_policies(schools)
    today = timezone.localdate()
    periods = {}
    for school in schools:
        if audience == "pupils":
            frequency = policy.pupil_training_frequency(school)
            if frequency != "none":
                periods[school.pk] = (
                    term_start(today) if frequency == "termly" else school_year_start(today)
                )
        elif policy.parent_sessions_asked(school):
            periods[school.pk] = school_year_start(today)
    return periods


def _held_since(periods: dict[int, date]) -> Q:
    condition = Q(pk__in=[])
    for day in set(periods.values()):
        ids = [pk for pk, since in periods.items() if since == day]
        condition |= Q(school__in=ids, held_on__gte=day)
    return condition


def _classes_overdue_counts(schools: list[School]) -> dict[int, int]:
    periods = _training_periods(schools, "pupils")
    taught = TrainingSession.objects.filter(
        _held_since(periods),
        school=OuterRef("school_id"),
        audience=TrainingSession.Audience.PUPILS,
        class_name=OuterRef("class_name"),
    )
    rows = (
        Pupil.objects.filter(school__in=list(periods))
        .exclude(class_name="")
        .exclude(Exists(taught))
        .values("school_id")
        .annotate(n=Count("class_name", distinct=True))
        .values_list("school_id", "n")
    )
    return dict(rows)


def _parents_overdue(schools: list[School]) -> set[int]:
    periods = _training_periods(schools, "parents")
    held = TrainingSession.objects.filter(
        _held_since(periods), audience=TrainingSession.Audience.PARENTS
    ).values_list("school_id", flat=True)
    return set(periods) - set(held.distinct()) if periods else set()


# ---------------------------------------------------------------------------
# Saved self-checks: their person's alone
# ---------------------------------------------------------------------------


def saved_checks_of(user: User, school: School) -> QuerySet[SavedCheck]:
    """Return the checks the user saved at the school, newest first."""
    return SavedCheck.objects.filter(user=user, school=school)


def access_saved_check_for(user: User, pk: int) -> SavedCheck:
    """Return the user's own saved check; anyone else's is the same Http404."""
    found = SavedCheck.objects.select_related("school__trust").filter(pk=pk).first()
    if found is None:
        raise Http404("No such check.")
    if found.user_id != user.pk:
        raise Http404("No such check.")
    return found
