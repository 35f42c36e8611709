"""Confidential subjects of audit entries, and who may see entries about them.

An app whose records are confidential (safeguarding) registers the kind of
record with the query that says which of them a person may open. Every entry
written about such a record carries a mark naming it, and every read of the
log (the page, its search, the CSV export, any count) goes through
`selectors.visible_entries`, which drops an entry unless the reader may open
every record it is marked with: the same rule that guards the record itself
(catalogue C7.3: nobody learns of a record about them, or who raised it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class ConfidentialKind:
    """A kind of confidential record.

    `code` is the subject type ("safeguarding.record"); `visible_pks(user,
    school)` returns a query of the primary keys the user may open there.
    """

    code: str
    visible_pks: Callable[[Any, Any], QuerySet[Any]]


KINDS: dict[str, ConfidentialKind] = {}


def register(code: str, *, visible_pks: Callable[[Any, Any], QuerySet[Any]]) -> None:
    """Declare rows of the model `code` ("app_label.model_name") confidential."""
    KINDS[code] = ConfidentialKind(code, visible_pks)


def type_of(obj: Any) -> str:
    """Return "app_label.model_name" for a model instance."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}"


def marks_for(subject: Any, others: Iterable[Any]) -> list[str]:
    """Return the sorted "kind:pk" marks of the confidential rows among these."""
    rows = ([subject] if subject is not None else []) + list(others)
    return sorted({f"{type_of(r)}:{r.pk}" for r in rows if type_of(r) in KINDS})


def split(mark: str) -> tuple[str, int]:
    """Return the kind and the primary key a mark names."""
    kind, _, ref = mark.rpartition(":")
    return kind, int(ref)
