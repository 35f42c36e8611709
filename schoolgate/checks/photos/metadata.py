"""What a photo's file says about the camera, the place and the people.

Read from EXIF (the main IFD, the Exif IFD and the GPS IFD), XMP and IPTC,
whichever are present; EXIF wins when two disagree. `match_device` compares
the camera with the school's device register.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from PIL import ExifTags, Image

from schoolgate.checks.photos.opening import OpenedPhoto

DeviceStatus = Literal["registered", "unknown", "none"]

# EXIF 2.3 tags Pillow has no name for in every version.
CAMERA_OWNER_NAME = 0xA430
BODY_SERIAL_NUMBER = 0xA431
LENS_MAKE = 0xA433
LENS_MODEL = 0xA434
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4
IPTC_BYLINE, IPTC_COPYRIGHT, IPTC_DATE, IPTC_PROGRAM = (2, 80), (2, 116), (2, 55), (2, 65)


@dataclass(frozen=True, slots=True)
class PhotoMetadata:
    """Identifying details a photo carries; None where the file is silent.

    `gps` is True when the file carries a position, even one that could not
    be turned into `latitude`/`longitude`. `owner` is the camera owner's name
    (EXIF CameraOwnerName, XMP aux:OwnerName).
    """

    make: str | None = None
    model: str | None = None
    serial: str | None = None
    lens: str | None = None
    taken_at: str | None = None
    gps: bool = False
    latitude: float | None = None
    longitude: float | None = None
    owner: str | None = None
    artist: str | None = None
    copyright: str | None = None
    software: str | None = None

    @property
    def has_camera(self) -> bool:
        return any((self.make, self.model, self.serial))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RegisteredDevice:
    """A device in the school's register, as plain data.

    An entry with a serial number matches only a photo carrying that serial;
    an entry without one matches any photo of that make and model (iPads and
    phones write no serial into their photos).
    """

    make: str = ""
    model: str = ""
    serial: str = ""


DeviceEntry = RegisteredDevice | Mapping[str, str]


def read_metadata(photo: OpenedPhoto) -> PhotoMetadata:
    """Return the identifying metadata of an opened photo."""
    exif = _exif_fields(photo.exif)
    xmp = _xmp_fields(photo.raw_info.get("xmp"))
    iptc = _iptc_fields(photo.iptc)
    merged = {**iptc, **xmp, **{k: v for k, v in exif.items() if v is not None}}
    return PhotoMetadata(**{k: v for k, v in merged.items() if v is not None})


def match_device(metadata: PhotoMetadata, register: Iterable[DeviceEntry]) -> DeviceStatus:
    """Return whether the photo's camera is in the register.

    "none" means the photo names no camera at all, so nobody can tell.
    """
    if not metadata.has_camera:
        return "none"
    for entry in register:
        if _matches(metadata, _entry(entry)):
            return "registered"
    return "unknown"


def _entry(entry: DeviceEntry) -> RegisteredDevice:
    if isinstance(entry, RegisteredDevice):
        return entry
    return RegisteredDevice(
        make=str(entry.get("make") or ""),
        model=str(entry.get("model") or ""),
        serial=str(entry.get("serial") or ""),
    )


def _matches(metadata: PhotoMetadata, entry: RegisteredDevice) -> bool:
    if not (entry.make or entry.model or entry.serial):
        return False
    if entry.serial and _norm(entry.serial) != _norm(metadata.serial):
        return False
    if entry.make and _norm_make(entry.make) != _norm_make(metadata.make):
        return False
    return not entry.model or _norm(entry.model) == _norm(metadata.model)


def _norm(value: str | None) -> str:
    return " ".join((value or "").casefold().split())


_CORPORATE = re.compile(r"[\s,]+(corporation|corp\.?|co\.?,?\s*ltd\.?|inc\.?|ltd\.?|imaging)$")


def _norm_make(value: str | None) -> str:
    return _CORPORATE.sub("", _norm(value))


# --- EXIF ---------------------------------------------------------------


def _exif_fields(exif: Image.Exif) -> dict[str, Any]:
    main = dict(exif)
    sub = _ifd(exif, ExifTags.IFD.Exif)
    gps = _ifd(exif, ExifTags.IFD.GPSInfo)
    latitude, longitude = _gps_position(gps)
    return {
        "make": _text(main.get(ExifTags.Base.Make)),
        "model": _text(main.get(ExifTags.Base.Model)),
        "serial": _text(sub.get(BODY_SERIAL_NUMBER)),
        "lens": _lens(_text(sub.get(LENS_MAKE)), _text(sub.get(LENS_MODEL))),
        "taken_at": _exif_date(
            sub.get(ExifTags.Base.DateTimeOriginal) or main.get(ExifTags.Base.DateTime)
        ),
        "gps": True if GPS_LATITUDE in gps or GPS_LONGITUDE in gps else None,
        "latitude": latitude,
        "longitude": longitude,
        "owner": _text(sub.get(CAMERA_OWNER_NAME)),
        "artist": _text(main.get(ExifTags.Base.Artist)),
        "copyright": _text(main.get(ExifTags.Base.Copyright)),
        "software": _text(main.get(ExifTags.Base.Software)),
    }


def _lens(make: str | None, model: str | None) -> str | None:
    if make and model and not model.startswith(make):
        return f"{make} {model}"
    return model


def _ifd(exif: Image.Exif, which: ExifTags.IFD) -> dict[int, Any]:
    try:
        return dict(exif.get_ifd(which))
    except (KeyError, OSError, SyntaxError, ValueError, TypeError):
        return {}


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = value.replace("\x00", " ").strip()
    return cleaned or None


def _exif_date(value: Any) -> str | None:
    text = _text(value)
    match = re.fullmatch(r"(\d{4}):(\d\d):(\d\d)[ T](\d\d):(\d\d):(\d\d).*", text or "")
    if not match:
        return text
    year, month, day, hour, minute, second = match.groups()
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}"


def _gps_position(gps: Mapping[int, Any]) -> tuple[float | None, float | None]:
    return (
        _degrees(gps.get(GPS_LATITUDE), gps.get(GPS_LATITUDE_REF), "S"),
        _degrees(gps.get(GPS_LONGITUDE), gps.get(GPS_LONGITUDE_REF), "W"),
    )


def _degrees(value: Any, ref: Any, negative: str) -> float | None:
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    if _text(ref) == negative:
        result = -result
    return round(result, 6)


# --- XMP and IPTC -------------------------------------------------------

_XMP_FIELDS: dict[str, tuple[str, ...]] = {
    "make": ("tiff:Make",),
    "model": ("tiff:Model",),
    "serial": ("exifEX:BodySerialNumber", "aux:SerialNumber"),
    "lens": ("exifEX:LensModel", "aux:Lens"),
    "taken_at": ("exif:DateTimeOriginal", "photoshop:DateCreated", "xmp:CreateDate"),
    "owner": ("exifEX:CameraOwnerName", "aux:OwnerName"),
    "artist": ("dc:creator",),
    "copyright": ("dc:rights",),
    "software": ("xmp:CreatorTool",),
}


def _xmp_fields(packet: Any) -> dict[str, Any]:
    text = _text(packet)
    if not text:
        return {}
    # A regular expression, not an XML parser: XMP from an upload is
    # untrusted, and only a handful of simple properties are wanted.
    fields: dict[str, Any] = {}
    for name, properties in _XMP_FIELDS.items():
        value = next(filter(None, (_xmp_value(text, p) for p in properties)), None)
        if value:
            fields[name] = value
    latitude = _xmp_coordinate(_xmp_value(text, "exif:GPSLatitude"))
    longitude = _xmp_coordinate(_xmp_value(text, "exif:GPSLongitude"))
    if latitude is not None or longitude is not None:
        fields.update(gps=True, latitude=latitude, longitude=longitude)
    return fields


def _xmp_value(text: str, prop: str) -> str | None:
    name = re.escape(prop)
    attribute = re.search(rf'\b{name}\s*=\s*"([^"]*)"', text)
    if attribute:
        return _unescape(attribute.group(1))
    element = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", text, re.DOTALL)
    if not element:
        return None
    inner = element.group(1)
    item = re.search(r"<rdf:li\b[^>]*>(.*?)</rdf:li>", inner, re.DOTALL)
    value = (item.group(1) if item else inner).strip()
    return _unescape(value) if value and "<" not in value else None


def _unescape(value: str) -> str | None:
    replaced = (
        value.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )
    return replaced.strip() or None


def _xmp_coordinate(value: str | None) -> float | None:
    # XMP writes "51,30.123N" (degrees, decimal minutes, hemisphere).
    match = re.fullmatch(r"(\d+),(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?([NSEW])", value or "")
    if not match:
        return None
    degrees, minutes, seconds, hemisphere = match.groups()
    result = float(degrees) + float(minutes) / 60 + float(seconds or 0) / 3600
    return round(-result if hemisphere in "SW" else result, 6)


def _iptc_fields(iptc: Mapping[tuple[int, int], Any]) -> dict[str, Any]:
    def first(key: tuple[int, int]) -> str | None:
        value = iptc.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        return _text(value)

    date = first(IPTC_DATE)
    return {
        "artist": first(IPTC_BYLINE),
        "copyright": first(IPTC_COPYRIGHT),
        "software": first(IPTC_PROGRAM),
        "taken_at": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date and len(date) == 8 else date,
    }
