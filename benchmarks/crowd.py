"""The faces-crowd photos (../shared/data/faces-crowd), split once for good.

661 real street, crowd and group photos with boxed faces (see that folder's
README). They are split deterministically into a TUNING part, on which
`benchmarks.tune_faces` chooses faces.py's thresholds and methods, and a
REPORTING part, on which `bench_photos` reports recall; nothing is chosen on
the reporting part.

The split hashes each photo's number (SHA-256 of "faces-crowd:<n>"), so it
never depends on file order or on which photos are present. Photos the
README lists as the same picture under two numbers are split by the smaller
number, so both copies land in the same part.

Scoring follows the README: a face counts when its box is at least 20 px
wide; it is found when one detected box covers at least half of its area;
a detection that overlaps no labelled face (of any size) is a false face.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from schoolgate.checks.photos import faces


def shared_data() -> Path:
    """Return ../shared/data beside the project (or further up), or $SCHOOLGATE_SHARED_DATA.

    A git worktree kept elsewhere finds it in a folder above, or names it with the variable.
    """
    named = os.environ.get("SCHOOLGATE_SHARED_DATA")
    if named:
        return Path(named)
    # The checkout's parent first; a worktree nested deeper finds it further up.
    parents = Path(__file__).resolve().parents[2:]
    found = [p / "shared" / "data" for p in parents if (p / "shared" / "data").is_dir()]
    return found[0] if found else parents[0] / "shared" / "data"


DATA = shared_data() / "faces-crowd"
MIN_FACE = 20
COVERED = 0.5
#: Width bands recall is reported in, as the README asks.
BANDS = ((20, 31), (32, 63), (64, 10**6))
#: The same photo under two numbers (README "Caveats"): split as one.
DUPLICATES = {737: 13, 219: 146, 478: 287, 699: 327, 775: 653, 839: 662}

Box = tuple[float, float, float, float]  # x, y, w, h


@dataclass(frozen=True, slots=True)
class Face:
    box: Box
    label: str  # with_mask, without_mask, mask_weared_incorrect

    @property
    def covered(self) -> bool:
        """Whether something covers part of the face (a mask, worn well or not)."""
        return self.label != "without_mask"


@dataclass(frozen=True, slots=True)
class CrowdPhoto:
    number: int
    path: Path
    faces: tuple[Face, ...]


def part_of(number: int) -> str:
    """Return "tuning" or "reporting" for a photo number (duplicates together)."""
    key = DUPLICATES.get(number, number)
    digest = hashlib.sha256(f"faces-crowd:{key}".encode()).digest()
    return "tuning" if digest[0] % 2 == 0 else "reporting"


def photos(part: str) -> list[CrowdPhoto]:
    """Return the photos of one part ("tuning" or "reporting"), by number."""
    found = []
    with (DATA / "annotations.jsonl").open() as lines:
        for line in lines:
            entry = json.loads(line)
            match = re.search(r"(\d+)\.jpg$", entry["image"])
            if match is None:
                continue
            number = int(match.group(1))
            if part_of(number) != part:
                continue
            faces = tuple(
                Face((x0, y0, x1 - x0, y1 - y0), f["label"])
                for f in entry["faces"]
                for x0, y0, x1, y1 in [f["bbox_xyxy"]]
            )
            found.append(CrowdPhoto(number, DATA / entry["image"], faces))
    return sorted(found, key=lambda p: p.number)


def available() -> bool:
    return (DATA / "annotations.jsonl").is_file()


@dataclass(slots=True)
class Tally:
    """Counts over photos: faces that count, found, by band and covering; false faces."""

    photos: int = 0
    faces: int = 0
    found: int = 0
    false: int = 0
    by_band: dict[int, list[int]] | None = None
    by_cover: dict[bool, list[int]] | None = None

    def __post_init__(self) -> None:
        self.by_band = {i: [0, 0] for i in range(len(BANDS))}
        self.by_cover = {True: [0, 0], False: [0, 0]}

    def add(self, faces: Sequence[Face], detections: Sequence[Box]) -> None:
        found, false = score_photo(faces, detections)
        assert self.by_band is not None and self.by_cover is not None
        self.photos += 1
        self.false += false
        for face, hit in zip(faces, found, strict=True):
            if face.box[2] < MIN_FACE:
                continue
            self.faces += 1
            self.found += hit
            band = next(i for i, (lo, hi) in enumerate(BANDS) if lo <= face.box[2] <= hi)
            self.by_band[band][0] += 1
            self.by_band[band][1] += hit
            self.by_cover[face.covered][0] += 1
            self.by_cover[face.covered][1] += hit

    @property
    def recall(self) -> float:
        return self.found / self.faces if self.faces else float("nan")

    def band_recall(self, band: int) -> float:
        assert self.by_band is not None
        total, hit = self.by_band[band]
        return hit / total if total else float("nan")

    def cover_recall(self, covered: bool) -> float:
        assert self.by_cover is not None
        total, hit = self.by_cover[covered]
        return hit / total if total else float("nan")

    @property
    def false_per_photo(self) -> float:
        return self.false / self.photos if self.photos else float("nan")


def score_photo(faces: Sequence[Face], detections: Sequence[Box]) -> tuple[list[bool], int]:
    """Return, per labelled face, whether it was found; and the false faces."""
    found = [any(_inside(face.box, d) >= COVERED for d in detections) for face in faces]
    false = sum(1 for d in detections if not any(_overlap(d, f.box) > 0 for f in faces))
    return found, false


def _overlap(a: Box, b: Box) -> float:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


def _inside(label: Box, detection: Box) -> float:
    """Return the share of the label's area a detection covers."""
    area = label[2] * label[3]
    return _overlap(label, detection) / area if area > 0 else 0.0


# --- candidate rows, computed once per photo and look, then filtered -----

#: Where candidate rows are kept between runs: sweeps filter them without
#: running the network again. Delete the folder after changing faces.py's
#: network or verification (the key holds the look and CANDIDATE_SCORE only).
CACHE = Path(__file__).resolve().parents[1] / "var" / "bench-cache" / "faces-crowd"
CACHE_VERSION = "1"


def candidate_rows(detector: Any, photo: CrowdPhoto, enlarge: float, flip: bool) -> np.ndarray:
    """Return `detector.candidates` for one photo and look, from the cache if there."""
    key = (
        f"v{CACHE_VERSION}-{photo.number}-e{enlarge:g}-f{int(flip)}-c{detector.candidate_score:g}"
    )
    path = CACHE / f"{key}.npy"
    if path.is_file():
        return np.load(path)
    with Image.open(photo.path) as image:
        rows = detector.candidates(image.convert("RGB"), enlarge=enlarge, flip=flip)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, rows)
    return rows


@dataclass(frozen=True, slots=True)
class Rule:
    """FaceDetector.classify's thresholds, for filtering cached rows."""

    score: float
    verify: float
    sure: float
    unshaped: float
    possible: float
    margin: float = 0.0
    possible_verify: float = 0.0

    @classmethod
    def of(cls, detector: Any) -> Rule:
        t = detector.small
        return cls(
            t.score, t.verify, t.sure, t.unshaped, t.possible, detector.margin, t.possible_verify
        )

    def kinds(self, rows: np.ndarray) -> np.ndarray:
        """Return FACE / POSSIBLE / NOTHING per row, as FaceDetector.classify does."""
        search, verify = rows[:, faces.SEARCH], rows[:, faces.VERIFY]
        shaped = (rows[:, faces.GEOMETRY] > 0) | (verify >= self.unshaped)
        sure = shaped & (verify >= self.verify) & ((search >= self.score) | (verify >= self.sure))
        possible = (
            ~sure
            & (np.maximum(search, verify) >= self.possible)
            & (verify >= self.possible_verify)
        )
        return np.where(sure, faces.FACE, np.where(possible, faces.POSSIBLE, faces.NOTHING))

    def boxes(self, rows: np.ndarray, width: int, height: int) -> list[faces.FaceBox]:
        kinds = self.kinds(rows)
        merged = faces._merge(
            list(rows[kinds == faces.FACE]), width, height, list(rows[kinds == faces.POSSIBLE])
        )
        return list(faces.grown(merged, self.margin, width, height))


@dataclass(slots=True)
class Outcome:
    """A setting's result on some photos: sure faces alone, and with possible ones."""

    sure: Tally
    either: Tally
    possible_faces: int = 0  # possible boxes offered that cover a face
    possible_false: int = 0  # possible boxes that overlap no face

    def add(self, photo: CrowdPhoto, found: Sequence[faces.FaceBox]) -> None:
        sure = [f.box for f in found if not f.possible]
        unsure = [f.box for f in found if f.possible]
        self.sure.add(photo.faces, sure)
        self.either.add(photo.faces, sure + unsure)
        _, false = score_photo(photo.faces, unsure)
        self.possible_false += false
        self.possible_faces += len(unsure) - false

    @property
    def possible_per_photo(self) -> float:
        return (self.possible_faces + self.possible_false) / max(1, self.sure.photos)

    @property
    def possible_false_per_photo(self) -> float:
        return self.possible_false / max(1, self.sure.photos)


def evaluate(
    photos_rows: Sequence[tuple[CrowdPhoto, np.ndarray, tuple[int, int]]],
    rule: Rule,
    cache: dict[tuple[int, bytes], list[faces.FaceBox]] | None = None,
) -> Outcome:
    """Score a rule on photos' rows; `cache` keeps merges of the same kinds of rows."""
    outcome = Outcome(Tally(), Tally())
    for photo, rows, (width, height) in photos_rows:
        if cache is None:
            outcome.add(photo, rule.boxes(rows, width, height))
            continue
        kinds = rule.kinds(rows)
        key = (photo.number, kinds.astype(np.uint8).tobytes())
        if key not in cache:
            cache[key] = list(
                faces._merge(
                    list(rows[kinds == faces.FACE]),
                    width,
                    height,
                    list(rows[kinds == faces.POSSIBLE]),
                )
            )
        outcome.add(photo, faces.grown(cache[key], rule.margin, width, height))
    return outcome
