"""Request-scoped facts every view uses: the school being worked in."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from schoolgate.people.models import School
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
            # The switcher's list carries names only; the school worked in is
            # read whole, once, so the cost does not grow with the trust.
            schools = school_choices(request.user)
            chosen = request.session.get(SESSION_KEY)
            current = next((s for s in schools if s.pk == chosen), schools[0] if schools else None)
            if current is not None:
                current = School.objects.select_related("trust").get(pk=current.pk)
            request.school = current  # type: ignore[attr-defined]
            request.schools = schools  # type: ignore[attr-defined]
        return self.get_response(request)
