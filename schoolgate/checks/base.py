"""The plain result every text check returns, and text folding for matching."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class TextFinding:
    """One thing a check noticed in a text.

    `rule` is a stable dotted id (`names.surname`, `pii.phone`); `kind` is the
    category the policy rules and the `check --json` output use; `span` is the
    character range in the checked field; `people` holds roster ids when the
    finding is about a person; `field` names the part of a draft it came
    from (`body`, `caption[0]`, `file_name[1]`).
    """

    rule: str
    kind: str
    reason: str
    span: Span | None = None
    people: tuple[str, ...] = ()
    field: str = "text"

    def in_field(self, field: str) -> TextFinding:
        """Return this finding relabelled as coming from `field`."""
        return TextFinding(self.rule, self.kind, self.reason, self.span, self.people, field)

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "kind": self.kind,
            "reason": self.reason,
            "span": list(self.span) if self.span else None,
        }
        if self.people:
            data["people"] = list(self.people)
        if self.field != "text":
            data["field"] = self.field
        return data


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        return char
    if lowered in "\u2018\u2019\u02bc`":
        return "'"
    if lowered in "\u2010\u2011\u2013":
        return "-"
    base = unicodedata.normalize("NFKD", lowered)[:1]
    return base if base.isalnum() else lowered


class _FoldTable(dict[int, str]):
    """A `str.translate` table that works out each character once."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Return `text` lowercased, without accents, with plain apostrophes.

    The result has exactly the same length as `text`, so a span found in the
    folded text is a span in the original.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)
