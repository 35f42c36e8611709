"""The links beside a list's filters (web/_filter_toolbar.html): downloads and "add one"."""

from __future__ import annotations

from typing import NamedTuple

from django.urls import reverse


class Link(NamedTuple):
    label: str
    href: str


def link(label: str, url_name: str, query: str = "") -> Link:
    """Return a toolbar link to `url_name`; `query` carries the list's filters to it."""
    href = reverse(url_name)
    return Link(label, f"{href}?{query}" if query else href)
