"""Every URL, for every persona: allowed or refused as the matrix says.

A URL with no row in any app's tests/matrix.py fails here, so a new page
cannot ship without a stated answer to "who may use this?".
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import reverse

import schoolgate
from conftest import signed_in
from schoolgate.core.checks import iter_patterns
from schoolgate.core.matrix import PERSONAS, Row


def _collect() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for app in pkgutil.iter_modules(schoolgate.__path__):
        try:
            module = importlib.import_module(f"schoolgate.{app.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        overlap = rows.keys() & module.MATRIX.keys()
        assert not overlap, f"URL names listed twice: {overlap}"
        rows.update(module.MATRIX)
    return rows


MATRIX = _collect()
CASES = [(name, persona) for name in sorted(MATRIX) for persona in PERSONAS]


def test_every_url_has_a_matrix_row():
    names = {name for _, name, _ in iter_patterns() if name}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"URLs with no permission-matrix row: {missing}"
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


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
