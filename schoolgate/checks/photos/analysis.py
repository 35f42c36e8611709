"""One call that checks a photo: metadata, device, location, faces."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from schoolgate.checks.photos.faces import FaceBox, FaceDetector, detect_faces
from schoolgate.checks.photos.metadata import (
    DeviceEntry,
    DeviceStatus,
    PhotoMetadata,
    match_device,
    read_metadata,
)
from schoolgate.checks.photos.opening import OpenedPhoto, PhotoSource, open_photo


@dataclass(frozen=True, slots=True)
class PhotoFinding:
    """One thing the photo check noticed.

    `rule` is the id of the policy rule it informs; `kind` is a stable
    category (`device_unknown`, `device_none`, `gps`, `serial`, `owner`,
    `faces`); the policy profile, not the check, decides its severity.
    """

    rule: str
    kind: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class PhotoReport:
    """What the photo check found, as plain data."""

    format: str
    width: int
    height: int
    metadata: PhotoMetadata
    device: DeviceStatus
    faces: tuple[FaceBox, ...]
    findings: tuple[PhotoFinding, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the report in the shape `check-photo --json` prints."""
        meta = self.metadata
        return {
            "format": self.format,
            "size": [self.width, self.height],
            "faces": [face.as_dict() for face in self.faces],
            "metadata": {
                "make": meta.make,
                "model": meta.model,
                "serial": meta.serial,
                "gps": meta.gps,
                "owner": meta.owner,
                **{k: v for k, v in meta.as_dict().items() if k not in _SHOWN},
            },
            "device": self.device,
            "findings": [finding.as_dict() for finding in self.findings],
        }


_SHOWN = {"make", "model", "serial", "gps", "owner"}


def analyse_photo(
    source: PhotoSource | OpenedPhoto,
    *,
    device_register: Iterable[DeviceEntry] = (),
    detector: FaceDetector | None = None,
) -> PhotoReport:
    """Return what a photo carries and shows; raise PhotoRejected if it is no photo.

    `detector` defaults to this thread's `FaceDetector` with default settings.
    """
    photo = open_photo(source)
    metadata = read_metadata(photo)
    device = match_device(metadata, device_register)
    if detector:
        faces = detector.detect(photo.image, halved=photo.halved)
    else:
        faces = detect_faces(photo.image, halved=photo.halved)
    return PhotoReport(
        format=photo.format,
        width=photo.size[0],
        height=photo.size[1],
        metadata=metadata,
        device=device,
        faces=faces,
        findings=tuple(photo_findings(metadata, device, faces)),
    )


def photo_findings(
    metadata: PhotoMetadata, device: DeviceStatus, faces: tuple[FaceBox, ...]
) -> list[PhotoFinding]:
    """Return the findings for a photo's metadata, device and faces."""
    found: list[PhotoFinding] = []
    if device == "unknown":
        camera = " ".join(filter(None, (metadata.make, metadata.model))) or "a camera"
        found.append(
            PhotoFinding(
                "devices.school_devices_only",
                "device_unknown",
                f"Taken on a device not in the school's register ({camera}).",
            )
        )
    if device == "none":
        found.append(
            PhotoFinding(
                "devices.school_devices_only",
                "device_none",
                "The photo names no camera, so it cannot be matched to the school's register.",
            )
        )
    found += _carried(metadata)
    if faces:
        count = len(faces)
        found.append(
            PhotoFinding(
                "consent.photo_required",
                "faces",
                f"{count} face{'s' if count != 1 else ''} found: each must be tagged to "
                "someone with permission, or blurred, before publishing.",
            )
        )
    return found


def _carried(metadata: PhotoMetadata) -> list[PhotoFinding]:
    carried = [
        ("gps", metadata.gps, "Carries its GPS location"),
        ("serial", metadata.serial, "Carries the camera's serial number"),
        ("owner", metadata.owner, "Carries the camera owner's name"),
    ]
    return [
        PhotoFinding(
            "devices.strip_metadata",
            kind,
            f"{text}; the public copy leaves it out, the original stays at school.",
        )
        for kind, present, text in carried
        if present
    ]
