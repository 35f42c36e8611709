import io

import exifread
import numpy as np
from PIL import Image, ImageCms

from schoolgate.checks.photos import open_photo, rendition_name, write_rendition
from schoolgate.checks.photos.tests import fixtures

IDENTIFYING = (
    fixtures.SERIAL.encode(),
    fixtures.OWNER.encode(),
    b"Canon",
    b"Exif",
    b"adobe:ns:meta",
)


def rendition(data: bytes, **options: object) -> bytes:
    out = io.BytesIO()
    write_rendition(data, out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def test_the_rendition_carries_no_metadata() -> None:
    out = rendition(fixtures.camera_jpeg())
    assert exifread.process_file(io.BytesIO(out), details=True) == {}
    image = Image.open(io.BytesIO(out))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert not {"exif", "xmp", "icc_profile", "photoshop"} & set(image.info)
    assert not [marker for marker in IDENTIFYING if marker in out]


def test_a_heic_rendition_carries_no_metadata() -> None:
    out = rendition(fixtures.heic())
    assert exifread.process_file(io.BytesIO(out), details=True) == {}
    assert Image.open(io.BytesIO(out)).format == "JPEG"
    assert fixtures.SERIAL.encode() not in out


def test_an_icc_profile_is_not_carried_over() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = rendition(fixtures.jpeg(icc_profile=profile))
    assert "icc_profile" not in Image.open(io.BytesIO(out)).info


def test_the_rendition_is_upright_and_resized() -> None:
    data = fixtures.camera_jpeg(orientation=6)  # 320 x 240 stored, shown turned
    image = Image.open(io.BytesIO(rendition(data, max_side=160)))
    assert image.size == (120, 160)


def test_a_png_with_transparency_is_laid_on_white() -> None:
    clear = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image = Image.open(io.BytesIO(rendition(fixtures.png(clear))))
    assert image.mode == "RGB"
    assert min(image.getpixel((20, 20))) > 245  # type: ignore[arg-type]


def test_blurring_destroys_detail_inside_the_box_only() -> None:
    data = fixtures.png(fixtures.noise((400, 300)))
    box = (150, 100, 60, 60)
    plain = np.asarray(Image.open(io.BytesIO(rendition(data))), np.float32)
    blurred = np.asarray(Image.open(io.BytesIO(rendition(data, blur_boxes=[box]))), np.float32)
    inside = (slice(100, 160), slice(150, 210))
    assert blurred[inside].var() < plain[inside].var() / 20
    # Away from the padded box (and its JPEG blocks) nothing changed.
    assert np.array_equal(blurred[:, :112], plain[:, :112])
    assert np.array_equal(blurred[192:], plain[192:])


def test_blur_boxes_are_scaled_to_the_rendition() -> None:
    data = fixtures.png(fixtures.noise((800, 600)))
    out = Image.open(io.BytesIO(rendition(data, blur_boxes=[(400, 300, 200, 200)], max_side=400)))
    pixels = np.asarray(out, np.float32)
    assert out.size == (400, 300)
    assert pixels[150:250, 200:300].var() < pixels[0:100, 0:100].var() / 20


def test_write_rendition_leaves_the_opened_photo_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo = open_photo(fixtures.png(fixtures.noise((64, 64))))
    before = photo.image.tobytes()
    write_rendition(photo, tmp_path / "out.jpg", blur_boxes=[(0, 0, 64, 64)])
    assert photo.image.tobytes() == before
    assert (tmp_path / "out.jpg").stat().st_size > 0


def test_a_blurred_rendition_leaves_the_next_one_and_the_face_search_sharp() -> None:
    # Halved exactly to the published size: the rendition starts from the
    # reduction the face search shares, which a blur must not reach.
    photo = open_photo(fixtures.png(fixtures.noise((800, 600))))
    half = photo.halved(1).tobytes()
    first, second = io.BytesIO(), io.BytesIO()
    write_rendition(photo, first, blur_boxes=[(400, 300, 200, 200)], max_side=400)
    write_rendition(photo, second, max_side=400)
    blurred = np.asarray(Image.open(first), np.float32)[150:250, 200:300]
    sharp = np.asarray(Image.open(second), np.float32)[150:250, 200:300]
    assert blurred.var() < sharp.var() / 20
    assert photo.halved(1).tobytes() == half


def test_rendition_names_are_random_and_name_nobody() -> None:
    first, second = rendition_name(), rendition_name()
    assert first != second
    assert first.endswith(".jpg") and len(first) == 36


def test_a_photo_about_twice_the_published_size_keeps_its_look() -> None:
    photo = fixtures.noise((41, 30)).resize((410, 300), Image.Resampling.BICUBIC)
    out = Image.open(io.BytesIO(rendition(fixtures.png(photo), max_side=205)))
    assert out.size == (205, 150)
    expected = np.asarray(photo.resize((205, 150), Image.Resampling.BILINEAR), np.float32)
    # JPEG at quality 85 alone differs by about 6 on this colourful a picture.
    assert np.abs(np.asarray(out, np.float32) - expected).mean() < 8


def test_a_photo_a_little_larger_than_the_published_size_keeps_its_look() -> None:
    photo = fixtures.noise((48, 32)).resize((480, 320), Image.Resampling.BICUBIC)
    out = Image.open(io.BytesIO(rendition(fixtures.png(photo), max_side=410)))
    assert out.size == (410, 273)
    expected = np.asarray(photo.resize((410, 273), Image.Resampling.BILINEAR), np.float32)
    assert np.abs(np.asarray(out, np.float32) - expected).mean() < 8
