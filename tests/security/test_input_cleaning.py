"""Search and filter input is cleaned of control characters before any view reads it.

Attack: `/moderation/?q=%00` was a 500 on PostgreSQL, which refuses NUL in
text. One middleware cleans every query string, so every page of the access
matrix answers `?q=` with NUL and other control characters as it answers an
ordinary search, on SQLite and PostgreSQL alike, and never echoes them back.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from conftest import Personas, make_personas, signed_in
from schoolgate.core.matrix import collect_matrix

MATRIX = collect_matrix()
GET_PAGES = sorted(name for name, row in MATRIX.items() if row.method == "get" and row.allow)
# Who tries each page: the first persona the matrix lets in.
PREFERENCE = ("head", "dsl", "deputy", "teacher", "office", "hr", "ict", "dpo", "governor")
DIRTY = "%00b%01a%1Fd%7F%C2%85"


def _persona_for(allow: frozenset[str]) -> str:
    return next((p for p in PREFERENCE if p in allow), sorted(allow)[0])


@pytest.fixture(scope="module")
def _made_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_personas()
        transaction.set_rollback(True)


@pytest.fixture
def personas(db, _made_once: Personas) -> Personas:  # type: ignore[no-untyped-def]
    schools = type(_made_once.school).objects.in_bulk(
        [_made_once.school.pk, _made_once.other_school.pk]
    )
    users = get_user_model().objects.in_bulk([u.pk for u in _made_once.users.values()])
    return Personas(
        school=schools[_made_once.school.pk],
        other_school=schools[_made_once.other_school.pk],
        users={name: users[u.pk] for name, u in _made_once.users.items()},
    )


def test_control_characters_are_removed_and_ordinary_text_kept():
    from schoolgate.core.middleware import without_control_characters

    assert without_control_characters("a\x00b\x01c\x7fd\x85e") == "abcde"
    assert without_control_characters("Siân\tŁucja\n") == "Siân\tŁucja\n"


@pytest.mark.parametrize("url_name", GET_PAGES)
def test_every_page_answers_a_search_with_control_characters(client, personas, url_name):
    row = MATRIX[url_name]
    kwargs = row.kwargs(personas) if row.kwargs else {}
    url = reverse(url_name, kwargs=kwargs) + row.query
    url += ("&" if "?" in url else "?") + f"q={DIRTY}"
    persona = _persona_for(row.allow)
    if persona != "anon":
        signed_in(client, personas.users[persona])
    response = client.get(url)
    assert response.status_code in row.ok, f"{url_name} answered {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        assert "\x00" not in body and "\x01" not in body


def test_the_moderation_search_finds_nothing_rather_than_failing(client, personas):
    signed_in(client, personas.head)
    response = client.get(reverse("moderation:queue"), {"q": "\x00"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == ""
