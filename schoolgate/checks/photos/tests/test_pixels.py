import numpy as np
import pytest
from PIL import Image

from schoolgate.checks.photos import open_photo
from schoolgate.checks.photos.pixels import pixels
from schoolgate.checks.photos.tests import fixtures

#: Wider than Pillow's 16 MB blocks at four bytes a pixel: rows would be split.
LARGE = (2400, 1800)


@pytest.mark.parametrize("orientation", [1, 6], ids=["upright", "turned"])
def test_a_large_photo_is_read_without_a_copy(orientation: int) -> None:
    data = fixtures.jpeg(fixtures.noise(LARGE), exif=fixtures.camera_exif(orientation=orientation))
    image = open_photo(data).image
    view = pixels(image)
    assert view.shape == (image.height, image.width, 4)
    assert np.array_equal(view[:, :, :3], np.asarray(image))
    # A view, not a copy: the image's own pixels change with it.
    view[7, 5, :3] = (1, 2, 3)
    assert image.getpixel((5, 7)) == (1, 2, 3)


def test_an_image_in_several_blocks_or_another_mode_is_copied() -> None:
    split = fixtures.noise(LARGE)
    assert np.array_equal(pixels(split), np.asarray(split))
    grey = split.convert("L")
    assert np.array_equal(pixels(grey), np.asarray(grey))


def test_the_view_keeps_the_image_alive() -> None:
    view = pixels(Image.new("RGB", (64, 48), (10, 20, 30)))
    assert view[47, 63, :3].tolist() == [10, 20, 30]
