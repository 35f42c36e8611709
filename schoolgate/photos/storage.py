"""The school's own store for photos: originals, staff previews, renditions.

Nothing here is ever served by URL: on the local disk the store lives under
`MEDIA_ROOT` (which Schoolgate never serves) in `photos/`, and `url()`
refuses; in Azure Blob Storage or S3 it is private (`schoolgate.core.storage`).
Staff previews and published renditions reach a browser only through views
that check who is asking (see `views.py`).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.functional import cached_property

from schoolgate.core.storage import photo_store


class PhotoStorage(FileSystemStorage):
    """A FileSystemStorage at `MEDIA_ROOT/photos` with no public URL."""

    @cached_property
    def base_location(self) -> str:
        # Cleared by FileSystemStorage when MEDIA_ROOT changes (tests).
        return os.path.join(settings.MEDIA_ROOT, "photos")

    def url(self, name: str | None) -> str:
        raise ValueError("Photos are never served by URL from the store.")


def photo_storage() -> Storage:
    """Return the `photos` store of `STORAGES` (a callable, so migrations name no path)."""
    return photo_store()
