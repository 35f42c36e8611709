"""Where files live: named stores, the same on every machine of an install.

Three stores, each a `STORAGES` alias: `photos` (originals, staff previews,
public renditions), `evidence` (safeguarding evidence, encrypted before it
is written) and `default`. `SCHOOLGATE_STORAGE` picks the backend for all of
them: the local disk (the demo, one machine), Azure Blob Storage or S3 (web
and task workers on several machines, through django-storages). Nothing is
served from a store by URL: every file reaches a browser through a view that
checks who is asking, so the backends here refuse `url()` and keep objects
private.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

_ALIASES: list[StoreAlias] = []


class StoreAlias(LazyObject):  # type: ignore[type-arg]
    """The store named in `STORAGES`, looked up when first used.

    A model's `FileField(storage=...)` keeps one object for the life of the
    process; this one follows `STORAGES` (tests swap it for Azurite).
    """

    def __init__(self, alias: str):
        self.__dict__["alias"] = alias
        super().__init__()
        _ALIASES.append(self)

    def _setup(self) -> None:
        self._wrapped = storages[self.__dict__["alias"]]


@receiver(setting_changed, dispatch_uid="schoolgate.core.storage.reset")
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        for alias in _ALIASES:
            alias._wrapped = empty  # type: ignore[assignment]


class NoPublicUrl:
    """Refuse to hand out a URL: stored files are served by views that check access."""

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("Schoolgate serves stored files through its views, never by URL.")


def photo_store() -> Storage:
    """Return the `photos` store (a callable, so migrations name no backend)."""
    return cast(Storage, _store("photos"))


def evidence_store() -> Storage:
    """Return the `evidence` store."""
    return cast(Storage, _store("evidence"))


def _store(alias: str) -> StoreAlias:
    for existing in _ALIASES:
        if existing.__dict__["alias"] == alias:
            return existing
    return StoreAlias(alias)
