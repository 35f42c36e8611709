"""Pure photo checks: open safely, read metadata, find faces, publish clean.

No Django: plain data in, plain data out. The policy rules turn a
`PhotoReport` into decisions; the composer, its tasks and the command line
call the same functions.
"""

from schoolgate.checks.photos.analysis import PhotoFinding, PhotoReport, analyse_photo
from schoolgate.checks.photos.faces import FaceBox, FaceDetector, FaceModelMissing, detect_faces
from schoolgate.checks.photos.metadata import (
    DeviceStatus,
    PhotoMetadata,
    RegisteredDevice,
    match_device,
    read_metadata,
)
from schoolgate.checks.photos.opening import OpenedPhoto, PhotoRejected, open_photo
from schoolgate.checks.photos.rendition import (
    blur_box,
    public_image,
    rendition_name,
    write_rendition,
)

__all__ = [
    "DeviceStatus",
    "FaceBox",
    "FaceDetector",
    "FaceModelMissing",
    "OpenedPhoto",
    "PhotoFinding",
    "PhotoMetadata",
    "PhotoRejected",
    "PhotoReport",
    "RegisteredDevice",
    "analyse_photo",
    "blur_box",
    "detect_faces",
    "match_device",
    "open_photo",
    "public_image",
    "read_metadata",
    "rendition_name",
    "write_rendition",
]
