"""The public rendition: resized, upright, sRGB, faces blurred, no metadata.

What is published is a new JPEG built from pixels alone: no EXIF (so no GPS,
serial, owner, maker notes or embedded thumbnails), no XMP, no IPTC and no
ICC profile. Pixels in another colour space are converted to sRGB first, and
an untagged JPEG is displayed as sRGB by browsers and apps, so no profile is
needed; profiles are left out because they can carry the name of the device
or the software that made them.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

import cv2
from PIL import Image, ImageCms, ImageFilter

from schoolgate.checks.photos.opening import OpenedPhoto, PhotoSource, open_photo
from schoolgate.checks.photos.pixels import pixels

Box = Sequence[float]

MAX_SIDE = 2048
JPEG_QUALITY = 85
#: Padding added round each face box before blurring, as a share of its size,
#: so hair, ears and the edge of a face are covered too.
BLUR_PADDING = 0.25
#: Blocks across the longer side of a blurred box: too few to recognise anyone.
BLUR_BLOCKS = 6
#: Blocks larger than this many pixels are blurred at this size, then enlarged.
BLUR_BLOCK_PX = 8
#: Pillow's bilinear filter widens with the reduction, so it does not alias;
#: at the usual halving of a 12 MP photo it is about twice as fast as Lanczos
#: and the difference is not visible at the published size.
RESAMPLING = Image.Resampling.BILINEAR
#: How far from a whole number a reduction may be for the fast path.
NEAR_WHOLE = 0.1


def rendition_name() -> str:
    """Return a file name for a public rendition: random, naming nobody."""
    return f"{secrets.token_hex(16)}.jpg"


def public_image(
    photo: OpenedPhoto, *, blur_boxes: Iterable[Box] = (), max_side: int = MAX_SIDE
) -> Image.Image:
    """Return the rendition's pixels: resized, sRGB, faces blurred, no metadata."""
    scale = min(1.0, max_side / max(photo.image.size))
    # Colours are converted after resizing: the same result on a quarter
    # of the pixels or fewer.
    image = _srgb(_resized(photo, scale), photo.raw_info.get("icc_profile"))
    if image is photo.image or any(image is half for half in photo._halves.values()):
        image = image.copy()  # never blur or change the caller's pixels
    for box in blur_boxes:
        blur_box(image, [v * scale for v in box])
    # Only the pixels: nothing in `info` (EXIF, ICC, XMP, comments) can follow them out.
    image.info = {}
    return image


def write_rendition(
    src: PhotoSource | OpenedPhoto,
    dst: str | os.PathLike[str] | IO[bytes],
    *,
    blur_boxes: Iterable[Box] = (),
    max_side: int = MAX_SIDE,
) -> None:
    """Write the public rendition of `src` to `dst` as a JPEG with no metadata.

    `blur_boxes` are [x, y, w, h] in the upright original's pixels, as
    `detect_faces` and `analyse_photo` return them.
    """
    image = public_image(open_photo(src), blur_boxes=blur_boxes, max_side=max_side)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, exif=b"", icc_profile=None)
    if isinstance(dst, str | os.PathLike):
        Path(dst).write_bytes(buffer.getvalue())
    else:
        dst.write(buffer.getvalue())


def blur_box(image: Image.Image, box: Box) -> None:
    """Pixelate then blur a padded box of an RGB image, in place.

    Each block is averaged before the blur, so the detail is gone from the
    file, not hidden: nothing can undo it.
    """
    x, y, w, h = (float(v) for v in box[:4])
    pad_w, pad_h = w * BLUR_PADDING, h * BLUR_PADDING
    left, top = max(0, round(x - pad_w)), max(0, round(y - pad_h))
    right = min(image.width, round(x + w + pad_w))
    bottom = min(image.height, round(y + h + pad_h))
    if right - left < 1 or bottom - top < 1:
        return
    region = image.crop((left, top, right, bottom))
    block = max(1.0, max(region.size) / BLUR_BLOCKS)
    small = (max(1, round(region.width / block)), max(1, round(region.height / block)))
    averaged = region.resize(small, Image.Resampling.BOX)
    if block <= BLUR_BLOCK_PX:
        pixelated = averaged.resize(region.size, Image.Resampling.NEAREST)
        image.paste(pixelated.filter(ImageFilter.GaussianBlur(block / 2)), (left, top))
        return
    # A large box is blurred at BLUR_BLOCK_PX a block and then enlarged: the
    # same soft blocks, at a fraction of the cost of blurring every pixel.
    grid = (small[0] * BLUR_BLOCK_PX, small[1] * BLUR_BLOCK_PX)
    pixelated = averaged.resize(grid, Image.Resampling.NEAREST)
    blurred = pixelated.filter(ImageFilter.GaussianBlur(BLUR_BLOCK_PX / 2))
    image.paste(blurred.resize(region.size, Image.Resampling.BILINEAR), (left, top))


def _resized(photo: OpenedPhoto, scale: float) -> Image.Image:
    """Return the photo as an RGB image scaled by `scale` (at most 1).

    A reduction under 1.5 times, as for a 3.8 MP photo published at 2048 px,
    is sampled bilinearly (`_interpolated`). When the reduction is within
    NEAR_WHOLE of a whole number, as for a 12 MP photo (1.95), blocks are
    averaged (Pillow's `reduce`, alias-free and several times faster than a
    full resize) and the few per cent left are sampled bilinearly. A
    reduction by 2, 4 ... is the photo's own `halved`, which the face search
    has usually made.
    """
    image = _flatten(photo.image)
    if scale >= 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    whole = round(1 / scale)
    if whole < 2:
        return _interpolated(image, size)
    if abs(whole * scale - 1) > NEAR_WHOLE:
        return image.resize(size, RESAMPLING, reducing_gap=2.0)
    power = whole.bit_length() - 1
    if image is photo.image and whole == 2**power:
        reduced = photo.halved(power)
    else:
        reduced = image.reduce(whole)
    return reduced if reduced.size == size else _interpolated(reduced, size)


def _interpolated(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Return an RGB image reduced less than 1.5 times to `size`, bilinearly.

    Below 1.5 times every pixel still weighs in, so plain bilinear sampling
    does not alias; OpenCV's, read in place (see `pixels`) and copied once,
    costs about a third of Pillow's filtered resize (17 against 58 ms from
    3.8 MP to 2048 px).
    """
    resized = cv2.resize(pixels(image), size, interpolation=cv2.INTER_LINEAR)
    raw = "RGBX" if resized.shape[2] == 4 else "RGB"
    return Image.frombytes("RGB", size, resized, "raw", raw)


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    rgb = _flatten(image)
    if not icc:
        return rgb
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(source) or "").casefold():
            return rgb
        converted = ImageCms.profileToProfile(
            rgb, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return rgb
    return converted if converted is not None else rgb


def _flatten(image: Image.Image) -> Image.Image:
    """Return the image as RGB, transparency laid on white."""
    if image.mode == "RGB":
        return image
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")
