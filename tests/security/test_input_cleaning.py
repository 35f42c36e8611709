"""Search and filter input is cleaned of control characters before any view reads it.

Attack: `/moderation/?q=%00` was a 500 on PostgreSQL, which refuses NUL in
text. One middleware cleans every query string, so every page of the access
matrix answers `?q=` with NUL and other control characters as it answers an
ordinary search, on SQLite and PostgreSQL alike, and never echoes them back.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from conftest import Personas, signed_in
from schoolgate.core.matrix import collect_matrix

MATRIX = collect_matrix()
GET_PAGES = sorted(name for name, row in MATRIX.items() if row.method == "get" and row.allow)
# Who tries each page: the first persona the matrix lets in.
PREFERENCE = ("head", "dsl", "deputy", "teacher", "office", "hr", "ict", "dpo", "governor")
DIRTY = "%00b%01a%1Fd%7F%C2%85"


def _persona_for(allow: frozenset[str]) -> str:
    return next((p for p in PREFERENCE if p in allow), sorted(allow)[0])


def test_control_characters_are_removed_and_ordinary_text_kept():
    from schoolgate.core.middleware import without_control_characters

    assert without_control_characters("a\x00b\x01c\x7fd\x85e") == "abcde"
    assert without_control_characters("Siân\tŁucja\n") == "Siân\tŁucja\n"


def test_no_page_fails_on_control_characters_in_its_query(client, personas):
    """Try every page of the access matrix, as someone it lets in, with a dirty `q`."""
    failures = [name for name in GET_PAGES if not _answers_cleanly(client, personas, name)]
    assert not failures, f"Pages that fail on ?q={DIRTY}: {failures}"


def _answers_cleanly(client, personas, url_name: str) -> bool:  # type: ignore[no-untyped-def]
    # What one page makes or changes is undone before the next, as in the matrix.
    with transaction.atomic():
        try:
            return _tried(client, personas, url_name)
        finally:
            transaction.set_rollback(True)


def _fresh(made: Personas) -> Personas:
    """Return the personas read anew, so nothing one page cached leaks into the next."""
    schools = type(made.school).objects.in_bulk([made.school.pk, made.other_school.pk])
    users = get_user_model().objects.in_bulk([u.pk for u in made.users.values()])
    return Personas(
        school=schools[made.school.pk],
        other_school=schools[made.other_school.pk],
        users={name: users[u.pk] for name, u in made.users.items()},
    )


def _tried(client, made, url_name: str) -> bool:  # type: ignore[no-untyped-def]
    personas = _fresh(made)
    row = MATRIX[url_name]
    kwargs = row.kwargs(personas) if row.kwargs else {}
    url = reverse(url_name, kwargs=kwargs) + row.query
    url += ("&" if "?" in url else "?") + f"q={DIRTY}"
    persona = _persona_for(row.allow)
    client.logout()
    if persona != "anon":
        signed_in(client, personas.users[persona])
    try:
        # One savepoint per page: a failed query must not spoil the next page.
        with transaction.atomic():
            response = client.get(url)
    except Exception:  # noqa: BLE001  the test client re-raises a view's error
        return False
    body = b"".join(response) if response.get("Content-Type", "").startswith("text/") else b""
    return response.status_code in row.ok and b"\x00" not in body and b"\x01" not in body


def test_the_moderation_search_finds_nothing_rather_than_failing(client, personas):
    signed_in(client, personas.head)
    response = client.get(reverse("moderation:queue"), {"q": "\x00"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == ""
