"""Request-scoped facts every view uses: the school being worked in."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from schoolgate.people.selectors import school_choices

SESSION_KEY = "schoolgate_school_id"


class CurrentSchoolMiddleware:
    """Set `request.school` to the school the signed-in user is working in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.school = None  # type: ignore[attr-defined]
        request.schools = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            # The switcher's list is plain rows; only the school worked in
            # is read whole, in the same query.
            chosen = request.session.get(SESSION_KEY)
            schools, current = school_choices(request.user, chosen)
            request.school = current  # type: ignore[attr-defined]
            request.schools = schools  # type: ignore[attr-defined]
        return self.get_response(request)
