from PIL import Image

from schoolgate.checks.photos import RegisteredDevice, analyse_photo
from schoolgate.checks.photos.tests import fixtures


def kinds(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding.kind for finding in report.findings]


def test_a_personal_camera_with_gps_serial_and_owner_is_reported() -> None:
    report = analyse_photo(fixtures.camera_jpeg())
    assert report.device == "unknown"
    assert kinds(report) == ["device_unknown", "gps", "serial", "owner"]
    assert "not in the school's register (Canon EOS R6)" in report.findings[0].reason
    assert report.findings[0].rule == "devices.school_devices_only"


def test_a_registered_camera_is_not_flagged() -> None:
    register = [RegisteredDevice("Canon", "EOS R6", fixtures.SERIAL)]
    report = analyse_photo(fixtures.camera_jpeg(), device_register=register)
    assert report.device == "registered"
    assert "device_unknown" not in kinds(report)


def test_a_photo_naming_no_camera_says_so() -> None:
    report = analyse_photo(fixtures.png())
    assert report.device == "none"
    assert kinds(report) == ["device_none"]


def test_faces_must_be_accounted_for() -> None:
    canvas = Image.new("RGB", (640, 480), (70, 90, 120))
    canvas.paste(fixtures.drawn_face(160), (100, 100))
    canvas.paste(fixtures.drawn_face(160), (380, 100))
    report = analyse_photo(fixtures.png(canvas))
    assert len(report.faces) == 2
    faces = [f for f in report.findings if f.kind == "faces"]
    assert faces[0].rule == "consent.photo_required"
    assert faces[0].reason.startswith("2 faces found")
