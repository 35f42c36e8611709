import pytest
from PIL import ExifTags, Image

from schoolgate.checks.photos import PhotoRejected, open_photo
from schoolgate.checks.photos.tests import fixtures


@pytest.mark.parametrize(
    ("data", "format_"),
    [
        (fixtures.jpeg(), "JPEG"),
        (fixtures.png(), "PNG"),
        (fixtures.heic(), "HEIF"),
    ],
    ids=["jpeg", "png", "heic"],
)
def test_it_opens_jpeg_png_and_heic(data: bytes, format_: str) -> None:
    photo = open_photo(data)
    assert photo.format == format_
    assert photo.image.width > 0


def test_it_opens_a_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "photo.jpg"
    path.write_bytes(fixtures.jpeg())
    assert open_photo(path).size == (320, 240)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Dear parents, the trip is on Friday.\n", "not a photo Schoolgate accepts"),
        (fixtures.jpeg()[:4000], "damaged or incomplete"),
        (fixtures.bomb_png(), "larger than 64 megapixels"),
        (fixtures.bomb_png(9_000, 9_000), "larger than 64 megapixels"),
        (fixtures.gif(), "not a photo Schoolgate accepts"),
    ],
    ids=["text", "truncated-jpeg", "bomb-beyond-pillow", "bomb-beyond-schoolgate", "gif"],
)
def test_it_refuses_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(PhotoRejected) as raised:
        open_photo(data)
    assert reason in raised.value.reason


def test_it_refuses_a_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PhotoRejected, match="could not be read"):
        open_photo(tmp_path / "nowhere.jpg")


def test_it_applies_the_exif_orientation() -> None:
    # Left half red, right half blue; orientation 6 means "turn 90 degrees
    # clockwise to view", after which red is on top.
    image = Image.new("RGB", (80, 40), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    photo = open_photo(fixtures.jpeg(image, exif=exif))
    assert photo.size == (40, 80)
    top = photo.image.getpixel((20, 10))
    bottom = photo.image.getpixel((20, 70))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60
