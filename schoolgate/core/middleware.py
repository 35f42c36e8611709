"""Request-scoped facts every view uses: the school being worked in, and clean input."""

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.http import HttpRequest, HttpResponse, QueryDict

from schoolgate.core.types import SchoolRequest
from schoolgate.people.selectors import school_choices

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

SESSION_KEY = "schoolgate_school_id"


class CurrentSchoolMiddleware:
    """Set `request.school` to the school the signed-in user is working in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: SchoolRequest) -> HttpResponse:
        request.school = None
        request.schools = []
        if request.user.is_authenticated:
            # The switcher's list is plain rows; only the school worked in
            # is read whole, in the same query.
            chosen = request.session.get(SESSION_KEY)
            schools, current = school_choices(request.user, chosen)
            request.school = current
            request.schools = schools
        return self.get_response(request)


# C0 and C1 control characters except tab, line feed and carriage return:
# PostgreSQL refuses NUL in any text, and none of them means anything typed
# into a search box or a filter.
CONTROL_CHARACTERS = dict.fromkeys(
    [c for c in range(0x20) if chr(c) not in "\t\n\r"] + list(range(0x7F, 0xA0))
)


def without_control_characters(text: str) -> str:
    """Return the text with NUL and the other control characters removed."""
    return text.translate(CONTROL_CHARACTERS)


class QueryCleaningMiddleware:
    """Clean every query-string value of control characters before any view reads it.

    One place for every search page and filter, so that `?q=%00` answers like
    an empty search on SQLite and PostgreSQL alike, whichever view reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("QUERY_STRING"):
            request.GET = _cleaned(request.GET)
        return self.get_response(request)


def _cleaned(query: QueryDict) -> "_ImmutableQueryDict":
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(
            without_control_characters(key), [without_control_characters(v) for v in values]
        )
    cleaned._mutable = False
    # Django's stubs type a request's GET as an immutable QueryDict subclass that
    # exists only in the stubs; at run time it is a QueryDict no longer mutable.
    return cast("_ImmutableQueryDict", cleaned)
