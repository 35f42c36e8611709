"""The school's own store for photos: originals, staff previews, renditions.

Nothing here is ever served by URL: the store lives under `MEDIA_ROOT`
(which Schoolgate never serves) in `photos/`, and `url()` refuses. Staff
previews and published renditions reach a browser only through views that
check who is asking (see `views.py`).
"""

from __future__ import annotations

import os
from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PhotoStorage(FileSystemStorage):
    """A FileSystemStorage at `MEDIA_ROOT/photos` with no public URL."""

    @cached_property
    def base_location(self) -> str:
        # Cleared by FileSystemStorage when MEDIA_ROOT changes (tests).
        return os.path.join(settings.MEDIA_ROOT, "photos")

    def url(self, name: str | None) -> str:
        raise ValueError("Photos are never served by URL from the store.")


@cache
def photo_storage() -> PhotoStorage:
    """Return the one photo store (a callable, so migrations name no path)."""
    return PhotoStorage()
