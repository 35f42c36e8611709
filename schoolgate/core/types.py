"""Types for annotations that Django's own stubs cannot know."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from schoolgate.accounts.models import User
    from schoolgate.people.models import School
    from schoolgate.people.selectors import SchoolChoice


# Who takes an action in a service: a signed-in user, or None for the system
# itself (a management command, an import, a scheduled job). The permission
# layer refuses None like a visitor, so a service that takes None skips
# `require` for it and records the change as the system's.
Actor: TypeAlias = "User | None"
# Whoever a public page or the permission layer may be given: a request's
# user, signed in or not, or None (refused like a visitor). Selectors behind
# the guard take a User: their views take a SignedInRequest.
Anyone: TypeAlias = "User | AnonymousUser | None"


class SchoolRequest(HttpRequest):
    """A request that CurrentSchoolMiddleware has given the school being worked in.

    Only for annotations: the middleware sets the attributes on Django's own request.
    """

    school: School | None
    schools: list[SchoolChoice]


class SignedInRequest(SchoolRequest):
    """A request that the guard let through to an action only signed-in users take."""

    user: User


def current_school(request: SchoolRequest) -> School:
    """Return the school the request works in; raise Http404 when there is none.

    Views whose action the guard allowed always have one: a user with a role
    has a school. The check narrows the type and keeps a stray request from a
    server error.
    """
    if request.school is None:
        raise Http404("No school is chosen.")
    return request.school
