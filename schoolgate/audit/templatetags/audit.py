"""`entry.extra|details`: an audit entry's details in words, not Python's reprs.

`{"rows": 3, "filters": {"class_name": "4B"}, "uses": ["blog", "web"]}` reads
"Rows: 3; Filters: (Class name: 4B); Uses: blog, web". The result is plain
text: the template escapes it like any other value.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.text import capfirst

register = template.Library()


def _key(key: object) -> str:
    return capfirst(str(key).replace("_", " ")) or ""


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return f"({_pairs(value, ', ')})" if value else "none"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_value(v) for v in value) if value else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "—" if value is None or value == "" else str(value)


def _pairs(mapping: dict[Any, Any], sep: str) -> str:
    return sep.join(f"{_key(k)}: {_value(v)}" for k, v in mapping.items())


@register.filter
def details(extra: Any) -> str:
    """Return an entry's details as "Key: value" pairs, lists comma-separated."""
    if isinstance(extra, dict):
        return _pairs(extra, "; ")
    return "" if extra in (None, "") else _value(extra)
