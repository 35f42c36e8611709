"""Choose the face thresholds of schoolgate/checks/photos/faces.py.

Run `.venv/bin/python -m benchmarks.tune_faces [--photos N]` (not named
bench_*, so `make bench` does not run it). It reads only the synthetic
TRAINING split of bench_photos (dlib training.xml faces on the training
backgrounds), never the test split or the real labelled photos: those are
for bench_photos to report on.

Each photo's candidate rows (`FaceDetector.candidates`) are computed once
per CANDIDATE_SCORE on the grid: that threshold decides which candidates
share the verification mosaic, and so changes their VERIFY scores a little.
Every other grid point only filters those rows as `FaceDetector.accepts`
does, merges what it keeps as `FaceDetector.detect` does, and scores the
boxes as bench_photos does (recall over faces >= 20 px at IoU >= 0.4, false
faces per photo); the run ends by checking faces.py's constants against
`FaceDetector.detect` itself.

Rule: the highest recall with under one false face per photo on average,
over all six face widths together. Ties go to the fewest false faces, then
to the strictest setting (highest VERIFY_SCORE, SURE_SCORE, SCORE_THRESHOLD,
CANDIDATE_SCORE, geometry required): recall is equal on training, and the
false-face limit is what unseen photos put at risk. The geometry check is
tuned as on or off only: the rows keep its verdict, not the landmarks.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from benchmarks.bench_photos import (
    IOU,
    MIN_FACE,
    SIZES,
    SYNTHETIC_PER_SIZE,
    Labelled,
    face_counts,
    synthetic_split,
)
from schoolgate.checks.photos import faces
from schoolgate.checks.photos.faces import GEOMETRY, SEARCH, VERIFY, FaceDetector

#: The values tried. VERIFY_SCORE starts at 0.3: the verification pass
#: reports nothing lower (it runs at min(VERIFY_SCORE, 0.3)).
GRID = {
    "CANDIDATE_SCORE": (0.02, 0.05, 0.1, 0.2),
    "SCORE_THRESHOLD": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "VERIFY_SCORE": (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95),
    "SURE_SCORE": (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95),
    "geometry required": (True, False),
}


class Setting(NamedTuple):
    candidate: float
    score: float
    verify: float
    sure: float
    geometry: bool


CURRENT = Setting(
    faces.CANDIDATE_SCORE, faces.LARGE.score, faces.LARGE.verify, faces.LARGE.sure, True
)
Counts = tuple[int, int, int]  # faces >= MIN_FACE, found, false


class Photo(NamedTuple):
    size: int
    labelled: Labelled
    rows: dict[float, np.ndarray]  # candidate rows by CANDIDATE_SCORE


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tune_faces", description=__doc__)
    parser.add_argument(
        "--photos",
        type=int,
        default=SYNTHETIC_PER_SIZE,
        help=f"training photos per face width (default {SYNTHETIC_PER_SIZE}, as bench_photos)",
    )
    parser.add_argument(
        "--crowd",
        action="store_true",
        help="choose the methods and thresholds on the TUNING part of faces-crowd instead",
    )
    parser.add_argument(
        "--possible",
        action="store_true",
        help="sweep only the possible-face threshold of faces.py's SMALL rule, on the TUNING "
        "part of faces-crowd",
    )
    args = parser.parse_args(argv)
    if args.possible:
        from benchmarks.tune_crowd import possible_sweep

        return possible_sweep()
    if args.crowd:
        from benchmarks.tune_crowd import main as crowd_main

        return crowd_main()
    started = time.perf_counter()
    detector = FaceDetector()  # faces.py's constants; one network for every run
    photos = _candidate_rows(detector, args.photos)
    print(f"   candidate rows: {time.perf_counter() - started:.0f} s")
    _check_accepts(photos, detector)
    scorer = _Scorer(photos)
    settings = [
        Setting(float(c), float(t), float(v), float(s), bool(g))
        for c, t, v, s, g in itertools.product(*GRID.values())
    ]
    totals = {setting: scorer.total(setting) for setting in settings}
    chosen = _choose(totals, len(photos))
    print(f"   grid: {len(settings)} settings in {time.perf_counter() - started:.0f} s so far")
    _print_choice(chosen, totals)
    _print_runners_up(totals, len(photos))
    _print_table(photos, scorer, chosen)
    _check_detector(photos, scorer, detector)
    print(f"   ({time.perf_counter() - started:.0f} s)")
    return 0


def _candidate_rows(detector: FaceDetector, per_size: int) -> list[Photo]:
    """Return the training photos with their candidate rows at each CANDIDATE_SCORE."""
    split = synthetic_split("training", SIZES, per_size)
    print(
        f"   synthetic TRAINING split: {per_size} photos of 12 MP per face width "
        f"{'/'.join(map(str, SIZES))} px; match IoU >= {IOU}; recall over faces >= {MIN_FACE} px"
    )
    photos = [Photo(size, labelled, {}) for size, group in split.items() for labelled in group]
    for candidate in map(float, GRID["CANDIDATE_SCORE"]):
        detector.candidate_score = candidate
        for photo in photos:
            photo.rows[candidate] = detector.candidates(photo.labelled[0])
    detector.candidate_score = CURRENT.candidate
    return photos


def _accepted(rows: np.ndarray, setting: Setting) -> np.ndarray:
    """Return which rows `FaceDetector.accepts` keeps under `setting`, as a mask."""
    search, verify = rows[:, SEARCH], rows[:, VERIFY]
    mask = (search >= setting.candidate) & (verify >= setting.verify)
    mask &= (search >= setting.score) | (verify >= setting.sure)
    if setting.geometry:
        mask &= rows[:, GEOMETRY] > 0
    return mask


def _check_accepts(photos: Sequence[Photo], detector: FaceDetector) -> None:
    """Stop if `_accepted` no longer agrees with the detector's own `accepts`."""
    for photo in photos:
        rows = photo.rows[CURRENT.candidate]
        expected = [detector.accepts(row) for row in rows]
        if _accepted(rows, CURRENT).tolist() != expected:
            raise SystemExit("tune_faces: the grid's filter differs from FaceDetector.accepts")


class _Scorer:
    """Score a setting on every photo; a photo's kept rows are scored once."""

    def __init__(self, photos: Sequence[Photo]) -> None:
        self.photos = photos
        self._cache: dict[tuple[int, float, bytes], Counts] = {}

    def counts(self, setting: Setting) -> list[Counts]:
        return [self._photo(i, photo, setting) for i, photo in enumerate(self.photos)]

    def total(self, setting: Setting) -> Counts:
        labels, found, false = (sum(column) for column in zip(*self.counts(setting), strict=True))
        return labels, found, false

    def _photo(self, index: int, photo: Photo, setting: Setting) -> Counts:
        rows = photo.rows[setting.candidate]
        mask = _accepted(rows, setting)
        key = (index, setting.candidate, np.packbits(mask).tobytes())
        if key not in self._cache:
            image, boxes, neighbours = photo.labelled
            # The detector's own merge, so a setting's boxes are detect()'s.
            merged = faces._merge(list(rows[mask]), image.width, image.height)
            self._cache[key] = face_counts(boxes, neighbours, [f.box for f in merged])
        return self._cache[key]


def _choose(totals: dict[Setting, Counts], photos: int) -> Setting:
    """Return the highest-recall setting under one false face per photo (see the rule)."""
    allowed = [s for s, (_, _, false) in totals.items() if false < photos]
    if not allowed:
        raise SystemExit("tune_faces: no setting gives under one false face per photo")
    return max(allowed, key=lambda s: _rank(s, totals[s]))


def _rank(setting: Setting, counts: Counts) -> tuple[float, ...]:
    _, found, false = counts
    strict = (setting.verify, setting.sure, setting.score, setting.candidate, setting.geometry)
    return (found, -false, *strict)


def _print_choice(chosen: Setting, totals: dict[Setting, Counts]) -> None:
    best = totals[chosen]
    ties = [s for s, t in totals.items() if t == best]
    print(f"\n   {'threshold':<20}{'faces.py':>10}{'chosen':>10}")
    for name, current, picked in zip(GRID, CURRENT, chosen, strict=True):
        print(f"   {name:<20}{_value(current):>10}{_value(picked):>10}")
    print(
        f"   {len(ties)} of {len(totals)} settings tie with the chosen one on training; "
        f"faces.py's constants {'are' if CURRENT in ties else 'are not'} among them"
    )
    if chosen.sure <= chosen.verify:
        print("   (SURE_SCORE <= VERIFY_SCORE: SCORE_THRESHOLD then changes nothing)")


def _print_runners_up(totals: dict[Setting, Counts], photos: int, shown: int = 6) -> None:
    """Print the best distinct outcomes under the rule, one setting each."""
    outcomes: dict[Counts, list[Setting]] = {}
    for setting, counts in totals.items():
        if counts[2] < photos:
            outcomes.setdefault(counts, []).append(setting)
    best = sorted(outcomes, key=lambda c: (c[1], -c[2]), reverse=True)[:shown]
    print("\n   best outcomes under the rule, with the settings that give each; one shown as")
    print(f"   {' '.join(GRID)} (the tie-break's pick):")
    for counts in best:
        tied = outcomes[counts]
        pick = max(tied, key=lambda s: _rank(s, counts))
        values = " ".join(_value(v) for v in pick)
        mark = "  <- faces.py" if CURRENT in tied else ""
        print(f"   {_summary([counts], photos)}: {len(tied):>4} settings, e.g. {values}{mark}")
    current = _summary([totals[CURRENT]], photos)
    print(f"   faces.py's constants ({' '.join(_value(v) for v in CURRENT)}): {current}")


def _summary(counts: Sequence[Counts], photos: int) -> str:
    labels, found, false = (sum(column) for column in zip(*counts, strict=True))
    return f"recall {found / labels:.3f} ({found}/{labels}), {false / photos:.2f} false/photo"


def _value(value: float | bool) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else f"{value:g}"


def _print_table(photos: Sequence[Photo], scorer: _Scorer, chosen: Setting) -> None:
    current, picked = scorer.counts(CURRENT), scorer.counts(chosen)
    print(f"\n   {'':<18}{'faces.py':>23}{'chosen':>23}")
    columns = f"{'recall':>11}{'false/photo':>12}"
    print(f"   {'face width':<12}{'photos':>6}{columns}{columns}")
    for size in [*SIZES, 0]:
        keep = [i for i, p in enumerate(photos) if size in (0, p.size)]
        label = f"{size} px" if size else "all"
        print(f"   {label:<12}{len(keep):>6}{_cell(current, keep)}{_cell(picked, keep)}")


def _cell(counts: Sequence[Counts], keep: Sequence[int]) -> str:
    labels = sum(counts[i][0] for i in keep)
    found = sum(counts[i][1] for i in keep)
    false = sum(counts[i][2] for i in keep)
    return f"{found / labels:>11.3f}{false / len(keep):>12.2f}"


def _check_detector(photos: Sequence[Photo], scorer: _Scorer, detector: FaceDetector) -> None:
    """Print faces.py's constants scored by the grid and by `FaceDetector.detect`."""
    direct = [
        face_counts(
            p.labelled[1],
            p.labelled[2],
            [f.box for f in detector.detect(p.labelled[0], margin=0) if not f.possible],
        )
        for p in photos
    ]
    grid, own = _summary([scorer.total(CURRENT)], len(photos)), _summary(direct, len(photos))
    print(f"\n   faces.py's constants scored by the grid:     {grid}")
    print(f"   the same photos through FaceDetector.detect: {own}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
