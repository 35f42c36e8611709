"""Photos made on the spot: group photos with drawn faces, and their posts."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from schoolgate.checks.photos.tests import fixtures
from schoolgate.checks.photos.tests.fixtures import CROWDED_SPOTS, crowded_photo

#: Where `group_photo` puts its faces: (x, y, size) in a 1200 x 800 photo.
FACE_SPOTS = ((150, 200, 200), (500, 220, 200), (850, 200, 200))


def group_photo(spots=FACE_SPOTS, *, size=(1200, 800), **exif: object) -> bytes:
    """Return a JPEG of drawn faces, carrying camera EXIF (GPS, serial, owner)."""
    canvas = Image.new("RGB", size, (70, 90, 120))
    for x, y, side in spots:
        canvas.paste(fixtures.drawn_face(side), (x, y))
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=92, exif=fixtures.camera_exif(**exif), xmp=fixtures.XMP)
    return buffer.getvalue()


__all__ = ["CROWDED_SPOTS", "FACE_SPOTS", "crowded_photo", "group_photo", "truncated", "upload"]


def upload(data: bytes, name: str = "trip.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def truncated() -> bytes:
    data = group_photo()
    return data[: len(data) // 2]
