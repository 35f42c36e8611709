"""Open a photo a member of staff uploaded, or refuse it with a reason.

JPEG, PNG and HEIC/HEIF are accepted. Anything else, a truncated file and a
decompression bomb are refused with `PhotoRejected`, whose `reason` is meant
for the person who uploaded the file.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

import pillow_heif
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from schoolgate.checks.photos.pixels import one_block

PhotoSource = str | os.PathLike[str] | bytes

#: Largest photo accepted, in pixels. A 48 MP phone photo passes; a file whose
#: header claims more is treated as a decompression bomb and never decoded.
MAX_PIXELS = 64_000_000

#: Pillow format names accepted, and how a person would call them.
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "HEIF": "HEIC/HEIF"}


class PhotoRejected(ValueError):
    """A file that is not a photo Schoolgate accepts; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OpenedPhoto:
    """A decoded photo, upright, with what its file said about itself.

    `image` has the EXIF orientation applied, so every box Schoolgate computes
    is in its pixels; `raw_info`, `exif` and `iptc` are what the file carried,
    kept for reading metadata and never written out; `format` is Pillow's name.
    `halved` gives the image reduced by powers of two, each made once: the
    face search and the rendition share them.
    """

    image: Image.Image
    raw_info: dict[str | tuple[int, int], Any]
    exif: Image.Exif
    format: str
    iptc: dict[tuple[int, int], Any]
    _halves: dict[int, Image.Image] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def halved(self, power: int) -> Image.Image:
        """Return the image reduced 2**power times by averaging blocks, made once."""
        if power <= 0:
            return self.image
        if power not in self._halves:
            self._halves[power] = self.halved(power - 1).reduce(2)
        return self._halves[power]


@cache
def register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF files (once per process)."""
    pillow_heif.register_heif_opener()


def open_photo(source: PhotoSource | OpenedPhoto) -> OpenedPhoto:
    """Return the photo decoded and upright; raise PhotoRejected if it is not one."""
    if isinstance(source, OpenedPhoto):
        return source
    register_heif()
    with _open_stream(source) as stream:
        image = _identify(stream)
        _refuse_bombs(image)
        exif = image.getexif()
        iptc = _iptc(image)
        raw_info = dict(image.info)
        # In one block of memory, the face search reads the pixels without a copy.
        with one_block():
            _decode(image)
            ImageOps.exif_transpose(image, in_place=True)
    return OpenedPhoto(image, raw_info, exif, str(image.format), iptc)


def _open_stream(source: PhotoSource) -> IO[bytes]:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    try:
        return Path(source).open("rb")
    except OSError as exc:
        raise PhotoRejected(f"The file could not be read ({exc.strerror}).") from exc


def _identify(stream: IO[bytes]) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream, formats=list(FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb() from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PhotoRejected(
            "This file is not a photo Schoolgate accepts: use JPEG, PNG or HEIC."
        ) from exc
    return image


def _refuse_bombs(image: Image.Image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        raise _bomb()


def _bomb() -> PhotoRejected:
    return PhotoRejected(
        f"This image is larger than {MAX_PIXELS // 1_000_000} megapixels, so it was not "
        "opened; export it at a smaller size and upload it again."
    )


def _decode(image: Image.Image) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb() from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise PhotoRejected(
            f"This {FORMATS.get(str(image.format), 'image')} file is damaged or incomplete "
            "(it may not have finished uploading); upload it again."
        ) from exc


def _iptc(image: Image.Image) -> dict[tuple[int, int], Any]:
    from PIL import IptcImagePlugin

    if not isinstance(image, ImageFile.ImageFile):
        return {}
    try:
        info = IptcImagePlugin.getiptcinfo(image)
    except (OSError, SyntaxError, ValueError, IndexError):
        return {}
    return dict(info or {})
