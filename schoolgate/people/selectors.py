"""Reads about people: the roles a user holds and the schools they work in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.people.models import (
    ImportJob,
    Parent,
    Pupil,
    RoleAssignment,
    School,
    StaffMember,
    Trust,
)
from schoolgate.people.roles import STAFF_ROLES

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Anyone

M = TypeVar("M", bound=Model)


def _active_assignments(user: User) -> list[RoleAssignment]:
    """Return the user's current role assignments, read once per request."""
    cached: list[RoleAssignment] | None = getattr(user, "_role_cache", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    rows = list(
        RoleAssignment.objects.filter(user=user)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("school", "trust")
    )
    user._role_cache = rows
    return rows


def roles_at(user: Anyone, school: School | None) -> frozenset[str]:
    """Return the roles the user holds at a school (trust-wide roles count).

    With no school, return every role the user holds anywhere.
    """
    from schoolgate.accounts.models import User

    # Only a User is ever signed in; the test narrows the type too.
    if not isinstance(user, User) or not user.is_authenticated:
        return frozenset()
    rows = _active_assignments(user)
    if school is None:
        return frozenset(r.role for r in rows)
    return frozenset(
        r.role
        for r in rows
        if r.school_id == school.pk or (r.school_id is None and r.trust_id == school.trust_id)
    )


def trust_wide_roles(user: User) -> frozenset[str]:
    """Return the roles the user holds across a whole trust (not in one school)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(r.role for r in _active_assignments(user) if r.school_id is None)


def is_staff_member(user: User) -> bool:
    """Return whether the user holds any staff role anywhere."""
    return bool(roles_at(user, None) & STAFF_ROLES)


def is_parent(user: User) -> bool:
    """Return whether the user's account is a parent's at any school."""
    return Parent.objects.filter(user=user).exists()


def schools_for(user: User) -> list[School]:
    """Return the schools where the user holds a role, trust-wide ones expanded."""
    rows = _active_assignments(user)
    school_ids = {r.school_id for r in rows if r.school_id}
    trust_ids = {r.trust_id for r in rows if r.school_id is None}
    qs: QuerySet[School] = School.objects.filter(
        Q(pk__in=school_ids) | Q(trust_id__in=trust_ids)
    ).select_related("trust")
    return list(qs)


@dataclass(frozen=True)
class SchoolChoice:
    """A school in the switcher: what it shows, nothing more."""

    pk: int
    name: str
    slug: str
    profile: str  # the policy profile's code, for rules read over every school


def school_choices(user: User, chosen: int | None) -> tuple[list[SchoolChoice], School | None]:
    """Return the schools the user may switch between and the one chosen
    (else the first), in one query whatever the size of the trust.

    Only the chosen school becomes a model (with its trust); the others stay
    plain rows, cheap at hundreds of schools.
    """
    rows = _active_assignments(user)
    school_ids = {r.school_id for r in rows if r.school_id}
    trust_ids = {r.trust_id for r in rows if r.school_id is None}
    if not school_ids and not trust_ids:
        return [], None
    own = [f.attname for f in School._meta.concrete_fields]
    trust = [f.attname for f in Trust._meta.concrete_fields]
    found = list(
        School.objects.filter(Q(pk__in=school_ids) | Q(trust_id__in=trust_ids)).values_list(
            *own, *(f"trust__{name}" for name in trust)
        )
    )
    pk, name, slug, profile = (own.index(f) for f in ("id", "name", "slug", "profile"))
    choices = [SchoolChoice(r[pk], r[name], r[slug], r[profile]) for r in found]
    row = next((r for r in found if r[pk] == chosen), found[0] if found else None)
    if row is None:
        return choices, None
    school = School.from_db("default", own, row[: len(own)])
    school.trust = Trust.from_db("default", trust, row[len(own) :])
    return choices, school


def users_with_role(school: School, roles: Iterable[str]) -> QuerySet[User]:
    """Return the users who hold any of the roles at the school or trust-wide."""
    from django.contrib.auth import get_user_model

    today = timezone.localdate()
    return (
        get_user_model()
        .objects.filter(
            Q(role_assignments__school=school)
            | Q(role_assignments__school__isnull=True, role_assignments__trust=school.trust_id),
            role_assignments__role__in=list(roles),
        )
        .filter(
            Q(role_assignments__ends_on__isnull=True) | Q(role_assignments__ends_on__gte=today)
        )
        .distinct()
    )


# ---------------------------------------------------------------------------
# The people lists and import jobs
# ---------------------------------------------------------------------------


def _search(qs: QuerySet[M], q: str, fields: list[str]) -> QuerySet[M]:
    for word in q.split():
        qs = qs.filter(_any_contains(fields, word))
    return qs


def _any_contains(fields: list[str], word: str) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": word})
    return condition


def pupils_of(
    school: School, *, q: str = "", class_name: str = "", status: str = ""
) -> QuerySet[Pupil]:
    """Return the school's pupils matching a search, class and status."""
    qs = Pupil.objects.filter(school=school)
    if class_name:
        qs = qs.filter(class_name=class_name)
    if status:
        qs = qs.filter(status=status)
    return _search(qs, q, ["first_name", "surname", "preferred_name", "mis_id"])


def pupil_classes(school: School) -> list[str]:
    """Return the school's class names, in order."""
    names = Pupil.objects.filter(school=school).exclude(class_name="").values_list("class_name")
    return sorted({name for (name,) in names})


def parents_of(school: School, *, q: str = "") -> QuerySet[Parent]:
    """Return the school's parents matching a search, with their children."""
    qs = Parent.objects.filter(school=school).prefetch_related("children")
    fields = ["first_name", "surname", "email", "phone", "mis_id"]
    return _search(qs, q, fields + ["children__first_name", "children__surname"]).distinct()


def staff_of(school: School, *, q: str = "", kind: str = "") -> QuerySet[StaffMember]:
    """Return the school's staff matching a search and kind."""
    qs = StaffMember.objects.filter(school=school)
    if kind:
        qs = qs.filter(kind=kind)
    fields = ["first_name", "surname", "formal_name", "email", "job_title", "mis_id"]
    return _search(qs, q, fields)


def import_jobs_for(user: User, school: School) -> list[ImportJob]:
    """Return the school's recent import jobs of the kinds the user may import."""
    from schoolgate.core.permissions import can  # it imports this module

    kinds = [k for k in ImportJob.Kind.values if can(user, f"people.import_{k}", school)]
    jobs = ImportJob.objects.filter(school=school, kind__in=kinds).select_related("created_by")
    return list(jobs.defer("content")[:10])


def access_import_job_for(user: User, pk: int) -> ImportJob:
    """Return the import job if the user may see it; else raise Http404.

    A job of another school answers exactly as a missing one does.
    """
    from schoolgate.core.permissions import can  # it imports this module

    job = ImportJob.objects.select_related("school__trust").filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    if not can(user, f"people.import_{job.kind}", job.school):
        raise Http404("No such import.")
    return job


def children_of(user: User, school: School | SchoolChoice | None) -> list[Pupil]:
    """Return the pupils at the school linked to the user as their parent."""
    if school is None:
        return []
    return list(
        Pupil.objects.filter(school_id=school.pk, parents__user=user)
        .select_related("school")
        .distinct()
        .order_by("first_name", "surname")
    )


def staff_user_for_email(email: str, *, trust_id: int | None) -> Any:
    """Return the login of the current member of staff with this school email, if any.

    Only staff of the given trust count: one trust's provider never signs in
    another trust's people.
    """
    staff = StaffMember.objects.filter(
        email__iexact=email, is_current=True, user__isnull=False, user__is_active=True
    ).select_related("user")
    if trust_id is not None:
        staff = staff.filter(school__trust_id=trust_id)
    found = staff.first()
    return found.user if found else None
