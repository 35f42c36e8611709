"""What the self-check looks for at a school: its names and its pupils."""

from __future__ import annotations

from schoolgate.checks.names import NameMatcher, Person, build_name_matcher
from schoolgate.people.models import Pupil, School


def school_names(school: School) -> tuple[str, ...]:
    """Return the ways a school is named: its name, short name and slug."""
    short = (
        school.name.replace(" Primary School", "").replace(" Primary", "").replace(" Academy", "")
    )
    return tuple(dict.fromkeys(n for n in (school.name, short, school.slug) if len(n) > 3))


def school_roster(school: School) -> NameMatcher:
    """Return a name matcher over the school's current pupils."""
    rows = Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT).values_list(
        "pk", "first_name", "surname", "preferred_name"
    )
    return build_name_matcher(
        Person(str(pk), "pupil", first, surname, preferred)
        for pk, first, surname, preferred in rows
    )
