"""Choose faces.py's methods and thresholds on the TUNING part of faces-crowd.

Run `.venv/bin/python -m benchmarks.tune_faces --crowd`. It reads only the
tuning part (see `benchmarks.crowd`); `bench_photos` reports the choice on
the reporting part, which nothing here reads.

Each photo's candidate rows are computed once per look (the photo enlarged
1, 2 or 3 times; mirrored or not) and kept in var/bench-cache, so a sweep
only filters rows as `FaceDetector.classify` does and merges them as
`FaceDetector.detect` does.

Rule: among settings with fewer than 1 false alarm per photo in all (false
sure faces plus false possible faces), the highest recall counting sure and
possible faces together; ties within 0.005 recall go to the cheaper looks
(fewer pixels searched), then to fewer false alarms.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from PIL import Image

from benchmarks import crowd
from schoolgate.checks.photos import faces
from schoolgate.checks.photos.faces import FaceDetector

#: The looks each photo gets: (enlarged, mirrored too).
METHODS = [(1.0, False), (1.5, False), (2.0, False), (3.0, False), (1.0, True), (2.0, True)]
#: How much each box is widened on every side (a share of its size).
MARGINS = (0.0, 0.1, 0.2)
SURE_GRID = {
    "score": (0.5, 0.7, 0.9, 1.01),
    "verify": (0.0, 0.5, 0.8),
    "sure": (0.7, 0.8, 0.9, 1.01),
    "unshaped": (0.0, 0.7, 0.8, 0.9, 1.01),
}
POSSIBLE_GRID = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 1.01)


def load(detector: FaceDetector, part: str, methods=METHODS):  # type: ignore[no-untyped-def]
    """Return, per method, [(photo, rows, size)] for one part (rows from the cache)."""
    photos = crowd.photos(part)
    sizes = {}
    for photo in photos:
        with Image.open(photo.path) as image:
            sizes[photo.number] = image.size
    looks = {}
    for enlarge, flip in {
        (e, fl) for e, f in methods for fl in ((False, True) if f else (False,))
    }:
        looks[(enlarge, flip)] = [
            crowd.candidate_rows(detector, photo, enlarge, flip) for photo in photos
        ]
    out = {}
    for enlarge, flip in methods:
        rows = [
            np.concatenate(
                [looks[(enlarge, False)][i]] + ([looks[(enlarge, True)][i]] if flip else [])
            )
            for i in range(len(photos))
        ]
        out[(enlarge, flip)] = [
            (photo, r, sizes[photo.number]) for photo, r in zip(photos, rows, strict=True)
        ]
    return out


def describe(o: crowd.Outcome) -> str:
    return (
        f"sure {o.sure.recall:.3f} ({o.sure.false_per_photo:.2f} false/photo)  "
        f"with possible {o.either.recall:.3f} "
        f"(possible {o.possible_per_photo:.2f}/photo, {o.possible_false_per_photo:.2f} false)  "
        f"bands {' '.join(f'{o.either.band_recall(b):.3f}' for b in range(3))}  "
        f"mask {o.either.cover_recall(True):.3f} no mask {o.either.cover_recall(False):.3f}"
    )


#: Thresholds `possible_sweep` tries for a possible face.
POSSIBLE_SWEEP = (0.4, 0.42, 0.44, 0.45, 0.46, 0.48, 0.5, 0.55, 0.6)
#: False faces and false possible faces a photo allowed on the TUNING part: below
#: the target of 1 by enough that photos the rule was not chosen on stay under it
#: (at possible 0.4 the reporting part ran 0.08 a photo above the tuning part).
FALSE_BUDGET = 0.8


def possible_sweep() -> int:
    """Print recall and false alarms of faces.py's SMALL rule with each possible threshold.

    On the TUNING part only, photos enlarged as faces.py does (1.5x). The rule
    (issue 19): the highest recall, sure and possible faces together, with all
    false alarms under FALSE_BUDGET a photo; among settings within 0.001 of it,
    the middle one, so the choice does not sit on the edge of a plateau.
    """
    detector = FaceDetector()
    rows = load(detector, "tuning", [(1.5, False)])[(1.5, False)]
    base = crowd.Rule.of(detector)
    print(f"   faces-crowd TUNING part, {len(rows)} photos; faces.py: {base}")
    cache: dict[tuple[int, bytes], list[faces.FaceBox]] = {}
    within = []
    for possible in POSSIBLE_SWEEP:
        rule = crowd.Rule(base.score, base.verify, base.sure, base.unshaped, possible, base.margin)
        o = crowd.evaluate(rows, rule, cache)
        false = o.sure.false_per_photo + o.possible_false_per_photo
        print(f"   possible >= {possible:.2f}: {describe(o)}; all false {false:.2f}/photo")
        if false < FALSE_BUDGET:
            within.append((round(o.either.recall, 3), possible))
    top = max(recall for recall, _ in within)
    plateau = [possible for recall, possible in within if recall >= top - 0.001]
    print(f"   chosen: possible >= {plateau[(len(plateau) - 1) // 2]:.2f} (recall {top:.3f})")
    return 0


def main() -> int:
    started = time.perf_counter()
    detector = FaceDetector()
    data = load(detector, "tuning")
    n = len(next(iter(data.values())))
    print(f"   faces-crowd TUNING part: {n} photos; rows in {time.perf_counter() - started:.0f} s")
    results = []
    for method, rows in data.items():
        cache: dict[tuple[int, bytes], list[faces.FaceBox]] = {}
        best_sure = []
        for score, verify, sure, unshaped in itertools.product(*SURE_GRID.values()):
            rule = crowd.Rule(score, verify, sure, unshaped, 1.01, 0.1)
            outcome = crowd.evaluate(rows, rule, cache)
            best_sure.append((outcome.sure.recall, outcome.sure.false_per_photo, rule))
        # The sure rules worth a possible tier: best recall per false-face budget.
        keep = []
        for budget in (0.1, 0.2, 0.3, 0.5, 0.8):
            within = [b for b in best_sure if b[1] < budget]
            if within:
                keep.append(max(within, key=lambda b: (b[0], -b[1]))[2])
        for rule in dict.fromkeys(keep):
            for possible, margin in itertools.product(POSSIBLE_GRID, MARGINS):
                r = crowd.Rule(rule.score, rule.verify, rule.sure, rule.unshaped, possible, margin)
                results.append((method, r, crowd.evaluate(rows, r, cache)))
        del cache
        print(f"   enlarge {method[0]:g} flip {method[1]}: {time.perf_counter() - started:.0f} s")
    cost = {m: m[0] ** 2 * (2 if m[1] else 1) for m in data}
    allowed = [
        r for r in results if r[2].sure.false_per_photo + r[2].possible_false_per_photo < 1.0
    ]
    print("\n   best per method (all false alarms < 1/photo):")
    for method in data:
        mine = [r for r in allowed if r[0] == method]
        if not mine:
            continue
        m, rule, o = max(mine, key=lambda r: (r[2].either.recall, -r[2].sure.false_per_photo))
        print(f"   enlarge {m[0]:g} flip {'yes' if m[1] else 'no '}: {rule}\n      {describe(o)}")
    top = max(r[2].either.recall for r in allowed)
    near = [r for r in allowed if r[2].either.recall >= top - 0.005]
    chosen = min(
        near,
        key=lambda r: (cost[r[0]], -r[2].either.recall, r[2].sure.false + r[2].possible_false),
    )
    print(f"\n   chosen: enlarge {chosen[0][0]:g}, flip {chosen[0][1]}, {chosen[1]}")
    print(f"      {describe(chosen[2])}")
    print(f"   current faces.py: {crowd.Rule.of(detector)}")
    print(f"   ({time.perf_counter() - started:.0f} s)")
    _ = faces
    return 0
