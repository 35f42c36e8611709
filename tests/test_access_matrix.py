"""Every URL, for every persona: allowed or refused as the matrix says.

A URL with no row in any app's tests/matrix.py fails here, so a new page
cannot ship without a stated answer to "who may use this?".
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse

from conftest import Personas, make_personas, signed_in
from schoolgate.core.checks import iter_patterns
from schoolgate.core.matrix import PERSONAS, collect_actions, collect_matrix
from schoolgate.core.permissions import ACTIONS as REGISTERED
from schoolgate.core.permissions import can

MATRIX = collect_matrix()
CASES = [(name, persona) for name in sorted(MATRIX) for persona in PERSONAS]
IN_PAGE = collect_actions()
ACTION_CASES = [(code, persona) for code in sorted(IN_PAGE) for persona in PERSONAS]


def test_every_url_has_a_matrix_row():
    names = {name for _, name, _ in iter_patterns() if name}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URLs with no permission-matrix row: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


@pytest.fixture(scope="module")
def _made_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The personas, made once for the module's 2,500 cases and removed after.

    Each case still runs in its own transaction (a savepoint inside this
    one), so what a case writes is rolled back before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        made = make_personas()
        yield made
        transaction.set_rollback(True)


@pytest.fixture
def personas(db, _made_once: Personas) -> Personas:  # type: ignore[no-untyped-def]
    """Fresh objects for each case, so nothing one case caches on them leaks."""
    schools = type(_made_once.school).objects.in_bulk(
        [_made_once.school.pk, _made_once.other_school.pk]
    )
    users = get_user_model().objects.in_bulk([u.pk for u in _made_once.users.values()])
    return Personas(
        school=schools[_made_once.school.pk],
        other_school=schools[_made_once.other_school.pk],
        users={name: users[u.pk] for name, u in _made_once.users.items()},
    )


@pytest.mark.parametrize(("url_name", "persona"), CASES)
def test_matrix(client, personas, url_name, persona):
    row = MATRIX[url_name]
    kwargs = row.kwargs(personas) if row.kwargs else {}
    url = reverse(url_name, kwargs=kwargs) + row.query
    if persona != "anon":
        signed_in(client, personas.users[persona])
    response = getattr(client, row.method)(url, row.data)
    if persona in row.allow:
        assert response.status_code in row.ok, (
            f"{persona} should open {url_name}, got {response.status_code}"
        )
    elif persona == "anon":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            f"anon should be sent to sign in from {url_name}, got {response.status_code}"
        )
    else:
        expected = 404 if row.hide else 403
        assert response.status_code == expected, (
            f"{persona} should be refused {url_name} ({expected}), got {response.status_code}"
        )


def test_every_in_page_action_row_names_a_registered_action():
    unknown = sorted(IN_PAGE.keys() - REGISTERED.keys())
    assert not unknown, f"In-page action rows for actions nobody registered: {unknown}"


@pytest.mark.parametrize(("code", "persona"), ACTION_CASES)
def test_in_page_action(personas, code, persona):
    row = IN_PAGE[code]
    user = AnonymousUser() if persona == "anon" else personas.users[persona]
    target = row.target(personas) if row.target else personas.school
    expected = persona in row.allow
    assert can(user, code, target) is expected, (
        f"{persona} should {'' if expected else 'not '}be allowed {code}"
    )
