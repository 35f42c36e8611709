import pytest

from schoolgate.checks.photos import (
    PhotoMetadata,
    RegisteredDevice,
    match_device,
    open_photo,
    read_metadata,
)
from schoolgate.checks.photos.tests import fixtures


def test_it_reads_camera_owner_and_place_from_exif() -> None:
    meta = read_metadata(open_photo(fixtures.camera_jpeg()))
    assert (meta.make, meta.model, meta.serial) == ("Canon", "EOS R6", fixtures.SERIAL)
    assert meta.owner == fixtures.OWNER
    assert meta.artist == fixtures.OWNER
    assert meta.lens == "RF 24-105mm F4"
    assert meta.taken_at == "2024-05-01T10:15:00"
    assert meta.software == "Firmware 1.8"
    assert meta.gps is True
    assert meta.latitude == pytest.approx(51.51)
    assert meta.longitude == pytest.approx(-0.125)


def test_it_reads_xmp_where_exif_is_silent() -> None:
    meta = read_metadata(open_photo(fixtures.jpeg(xmp=fixtures.XMP)))
    assert meta.copyright == "Larkspur Primary"
    assert meta.lens == "RF 24-105mm"
    assert meta.make is None


def test_it_reads_heic_metadata() -> None:
    meta = read_metadata(open_photo(fixtures.heic()))
    assert (meta.make, meta.model, meta.gps) == ("Apple", "iPad", True)


def test_a_photo_without_metadata_has_none() -> None:
    meta = read_metadata(open_photo(fixtures.png()))
    assert meta == PhotoMetadata()
    assert meta.gps is False


CANON = PhotoMetadata(make="Canon", model="Canon EOS R6", serial="SN1")
IPAD = PhotoMetadata(make="Apple", model="iPad Pro (11-inch)")


@pytest.mark.parametrize(
    ("meta", "register", "expected"),
    [
        (CANON, [RegisteredDevice("Canon", "Canon EOS R6", "SN1")], "registered"),
        (CANON, [{"make": "canon", "model": "canon eos r6", "serial": " sn1 "}], "registered"),
        (CANON, [RegisteredDevice("Canon", "Canon EOS R6", "SN2")], "unknown"),
        (CANON, [RegisteredDevice(serial="SN1")], "registered"),
        (CANON, [RegisteredDevice("Nikon", serial="SN1")], "unknown"),
        (IPAD, [RegisteredDevice("Apple", "iPad Pro (11-inch)")], "registered"),
        (IPAD, [RegisteredDevice("Apple", "iPad Pro (11-inch)", "DMPX123")], "unknown"),
        (IPAD, [RegisteredDevice("Apple", "iPhone 15")], "unknown"),
        (
            PhotoMetadata(make="NIKON CORPORATION", model="D750"),
            [{"make": "Nikon", "model": "D750"}],
            "registered",
        ),
        (IPAD, [RegisteredDevice()], "unknown"),
        (IPAD, [], "unknown"),
        (PhotoMetadata(gps=True), [RegisteredDevice("Apple", "iPad")], "none"),
    ],
)
def test_match_device(meta: PhotoMetadata, register: list[object], expected: str) -> None:
    assert match_device(meta, register) == expected  # type: ignore[arg-type]
