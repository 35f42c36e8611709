"""The shape of a permission-matrix entry, shared by every app's tests/matrix.py.

Each app lists its URLs in `MATRIX: dict[url_name, Row]`; the central test
(`tests/test_access_matrix.py`) fails when a URL of the project has no row,
and checks every row for every persona.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Every persona the matrix tries, plus an anonymous visitor ("anon").
PERSONAS = (
    "head",
    "deputy",
    "dsl",
    "teacher",
    "office",
    "hr",
    "ict",
    "dpo",
    "governor",
    "parent",
    "ceo",
    "chair",
    "exec_head",
    "outsider",
    "anon",
)
EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anon"}
SCHOOL_STAFF = frozenset(
    {"head", "deputy", "dsl", "teacher", "office", "hr", "ict", "dpo", "governor", "ceo", "chair"}
    | {"exec_head"}
)
# Pages about "the school I am working in": the outsider (a head elsewhere)
# opens them too, for their own school.
ANY_STAFF = SCHOOL_STAFF | {"outsider"}


@dataclass(frozen=True)
class Row:
    """Who may open a URL, and how to build and judge the request.

    `allow`: personas who get an ok status; everyone else is refused (403 for
    a signed-in person, a redirect to sign-in for "anon", or 404 where the
    row sets `hide=True` because even the existence of the item is secret).
    `kwargs(personas)` returns the URL's arguments, made in the test database.
    """

    allow: frozenset[str]
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)
    hide: bool = False
    query: str = ""


@dataclass(frozen=True)
class ActionRow:
    """Who may take an action a page checks inside itself.

    Some pages show one form to most people and another to a few (the
    safeguarding lead records a concern without being asked whether they
    told the safeguarding lead): the URL's row says who opens the page, and
    an `ACTIONS` row says who gets the variant. `target(personas)` is what
    the action is checked against; the persona's own school when not given.
    """

    allow: frozenset[str]
    target: Callable[[Any], Any] | None = None


def collect_actions() -> dict[str, ActionRow]:
    """Return every app's in-page action rows (`ACTIONS` in its tests/matrix.py)."""
    import schoolgate

    rows: dict[str, ActionRow] = {}
    for app in pkgutil.iter_modules(schoolgate.__path__):
        try:
            module = importlib.import_module(f"schoolgate.{app.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        found = getattr(module, "ACTIONS", {})
        overlap = rows.keys() & found.keys()
        assert not overlap, f"Actions listed twice: {overlap}"
        rows.update(found)
    return rows


def collect_matrix() -> dict[str, Row]:
    """Return every app's matrix rows (from `schoolgate.<app>.tests.matrix`) by URL name."""
    import schoolgate

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
