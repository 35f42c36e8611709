"""The sign-in rules as they bind one person, read from every school they work at.

A person is held to the strictest setting of every school where they hold a
role: the shortest idle limit, and a second factor if any of those schools
asks one of them. The floors of `security.second_factor` hold whatever any
school sets: a trust-wide role, the roles its `always_for` names (the DSL
among them), and anyone who may open confidential records confirm a code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings

from schoolgate.people.models import School
from schoolgate.people.roles import STAFF_ROLES
from schoolgate.people.selectors import (
    SchoolChoice,
    is_staff_member,
    roles_at,
    schools_for,
    trust_wide_roles,
)
from schoolgate.policy.selectors import lowest_param, school_policies, school_policy

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

SECOND_FACTOR = "security.second_factor"
IDLE = "security.session_idle"

# Apps holding confidential records say who may open them: each function
# returns whether the user may open any such record at one of the schools.
ConfidentialReader = Callable[[Any, Sequence[School]], bool]
CONFIDENTIAL_READERS: list[ConfidentialReader] = []


def register_confidential_reader(reader: ConfidentialReader) -> ConfidentialReader:
    """Register a test of who may open an app's confidential records."""
    CONFIDENTIAL_READERS.append(reader)
    return reader


def schools_of(user: User, schools: Sequence[School] | None = None) -> list[School]:
    """Return the schools where the user holds a role (those given, if given)."""
    return list(schools) if schools is not None else schools_for(user)


def idle_limit_minutes(user: User, schools: Sequence[School | SchoolChoice] | None = None) -> int:
    """Return the shortest idle limit of the schools where the user holds a role.

    Asked on every request: the switcher's rows will do for the schools,
    and only the idle rule's overrides are read, so a trust-wide role over
    hundreds of schools costs one small query.
    """
    found = list(schools) if schools is not None else schools_for(user)
    if not found:
        return int(settings.SESSION_IDLE_MINUTES_DEFAULT)
    return int(lowest_param([(s.pk, s.profile) for s in found], IDLE, "minutes"))


def second_factor_required(user: User, schools: Sequence[School] | None = None) -> bool:
    """Return whether the user must confirm a one-time code to work.

    Parents never do. Staff do when any school where they hold a staff role
    requires it, and always when a floor of the rule covers them.
    """
    if not is_staff_member(user):
        return False
    found = schools_of(user, schools)
    if not found or trust_wide_roles(user):
        return True
    policies = school_policies(found)
    for school in found:
        held = roles_at(user, school)
        policy = policies[school.pk]
        if held & STAFF_ROLES and policy.param(SECOND_FACTOR, "required_for_staff"):
            return True
        if held & set(policy.param(SECOND_FACTOR, "always_for")):
            return True
    return any(reader(user, found) for reader in CONFIDENTIAL_READERS)


def provider_mfa_counts(school: School) -> bool:
    """Return whether the school accepts the identity provider's MFA as the second factor."""
    return bool(school_policy(school).param(SECOND_FACTOR, "provider_mfa_counts"))
