"""Photos made on the spot for the photo-check tests: no shared data needed."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pillow_heif
from PIL import ExifTags, Image, ImageDraw, ImageFilter

SERIAL = "SN-0042-XYZ"
OWNER = "Jo Bloggs"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" aux:Lens="RF 24-105mm">'
    b"<dc:rights><rdf:Alt><rdf:li>Larkspur Primary</rdf:li></rdf:Alt></dc:rights>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def camera_exif(*, orientation: int = 1, make: str = "Canon", model: str = "EOS R6") -> Image.Exif:
    """Return EXIF as a camera writes it: make, model, serial, owner, GPS."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = make
    exif[ExifTags.Base.Model] = model
    exif[ExifTags.Base.Software] = "Firmware 1.8"
    exif[ExifTags.Base.Artist] = OWNER
    exif[ExifTags.Base.Copyright] = "Jo Bloggs 2024"
    exif[ExifTags.Base.Orientation] = orientation
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = "2024:05:01 10:15:00"
    sub[ExifTags.Base.BodySerialNumber] = SERIAL
    sub[ExifTags.Base.CameraOwnerName] = OWNER
    sub[ExifTags.Base.LensModel] = "RF 24-105mm F4"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2] = "N", (51.0, 30.0, 36.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 30.0)
    return exif


def noise(size: tuple[int, int] = (320, 240), seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))


def jpeg(image: Image.Image | None = None, **save: object) -> bytes:
    buffer = io.BytesIO()
    (image or noise()).save(buffer, "JPEG", quality=95, **save)
    return buffer.getvalue()


def camera_jpeg(**exif: object) -> bytes:
    """Return a JPEG carrying camera EXIF (GPS, serial, owner) and XMP."""
    return jpeg(exif=camera_exif(**exif), xmp=XMP)  # type: ignore[arg-type]


def png(image: Image.Image | None = None) -> bytes:
    buffer = io.BytesIO()
    (image or noise()).save(buffer, "PNG")
    return buffer.getvalue()


def heic() -> bytes:
    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    noise((128, 96)).save(buffer, "HEIF", exif=camera_exif(make="Apple", model="iPad").tobytes())
    return buffer.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """Return a tiny PNG whose header claims `width` x `height` pixels."""
    data = png(Image.new("RGB", (8, 8)))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


def drawn_face(size: int) -> Image.Image:
    """Return a drawn face on a plain background (about 0.55 x `size` wide)."""
    scale = size / 200
    image = Image.new("RGB", (size, size), (70, 90, 120))
    draw = ImageDraw.Draw(image)

    def at(*points: float) -> list[float]:
        return [p * scale for p in points]

    draw.ellipse(at(40, 10, 160, 120), fill=(60, 40, 25))
    draw.ellipse(at(50, 30, 150, 170), fill=(224, 172, 140))
    draw.rectangle(at(85, 160, 115, 200), fill=(214, 162, 130))
    for x in (75, 125):
        draw.ellipse(at(x - 14, 78, x + 14, 94), fill=(255, 255, 255))
        draw.ellipse(at(x - 6, 80, x + 6, 92), fill=(60, 40, 20))
        draw.line(at(x - 16, 70, x + 16, 66), fill=(60, 40, 25), width=max(1, round(5 * scale)))
    draw.polygon(
        [(100 * scale, 95 * scale), (92 * scale, 125 * scale), (108 * scale, 125 * scale)],
        fill=(200, 140, 115),
    )
    draw.chord(at(80, 125, 120, 150), 0, 180, fill=(170, 70, 70))
    return image.filter(ImageFilter.GaussianBlur(2 * scale))


def half_hidden_face(size: int) -> Image.Image:
    """Return a drawn face with its left side hidden, as behind a classmate's shoulder.

    The detector is unsure of it: it is offered as a possible face.
    """
    image = drawn_face(size)
    cover = size * 90 / 200
    ImageDraw.Draw(image).rectangle([0, 0, cover, size], fill=(70, 90, 120))
    return image


#: Where `crowded_photo` puts its faces: three in full and one half hidden (last).
CROWDED_SPOTS = ((100, 200, 200), (400, 220, 200), (700, 200, 200), (940, 240, 200))


def crowded_photo() -> bytes:
    """Return a JPEG group photo: three drawn faces and a fourth half hidden (a possible face)."""
    canvas = Image.new("RGB", (1200, 800), (70, 90, 120))
    *whole, (x, y, side) = CROWDED_SPOTS
    for fx, fy, fside in whole:
        canvas.paste(drawn_face(fside), (fx, fy))
    canvas.paste(half_hidden_face(side), (x, y))
    return jpeg(canvas, exif=camera_exif())


def gif() -> bytes:
    buffer = io.BytesIO()
    noise((32, 32)).save(buffer, "GIF")
    return buffer.getvalue()
