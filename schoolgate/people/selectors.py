"""Reads about people: the roles a user holds and the schools they work in."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from schoolgate.people.models import RoleAssignment, School
from schoolgate.people.roles import STAFF_ROLES


def _active_assignments(user) -> list[RoleAssignment]:  # type: ignore[no-untyped-def]
    """Return the user's current role assignments, read once per request."""
    cached = getattr(user, "_role_cache", None)
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


def roles_at(user, school: School | None) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Return the roles the user holds at a school (trust-wide roles count).

    With no school, return every role the user holds anywhere.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    rows = _active_assignments(user)
    if school is None:
        return frozenset(r.role for r in rows)
    return frozenset(
        r.role
        for r in rows
        if r.school_id == school.pk or (r.school_id is None and r.trust_id == school.trust_id)
    )


def is_staff_member(user) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user holds any staff role anywhere."""
    return bool(roles_at(user, None) & STAFF_ROLES)


def schools_for(user) -> list[School]:  # type: ignore[no-untyped-def]
    """Return the schools where the user holds a role, trust-wide ones expanded."""
    rows = _active_assignments(user)
    school_ids = {r.school_id for r in rows if r.school_id}
    trust_ids = {r.trust_id for r in rows if r.school_id is None}
    qs: QuerySet[School] = School.objects.filter(
        Q(pk__in=school_ids) | Q(trust_id__in=trust_ids)
    ).select_related("trust")
    return list(qs)


def users_with_role(school: School, roles: Iterable[str]) -> QuerySet:
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
