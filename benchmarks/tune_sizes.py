"""Check a change to the face search of 1-6 MP photos on the synthetic TRAINING split.

Run `.venv/bin/python -m benchmarks.tune_sizes [--photos N]` (not named
bench_*, so `make bench` does not run it). bench_photos' synthetic photos
are 12 MP; here the same training split (dlib training.xml faces on the
training backgrounds, faces 20-96 px) is laid on 1.2 and 3.8 MP canvases,
the sizes of bench_photos' speed table, where faces.py searches the photo at
its own size with the 1-6 MP settings (OVERVIEW_SHRINK, WIDE_CANDIDATE).
Scored as bench_photos scores the synthetic photos: recall of sure faces,
then of sure and possible faces, false faces and false possible faces a
photo, and the network's input a photo (what the time follows).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from benchmarks.bench_photos import SIZES, face_counts, synthetic_split
from schoolgate.checks.photos import faces
from schoolgate.checks.photos.faces import FaceDetector

CANVASES = {"1.2 MP": (1280, 960), "3.8 MP": (2400, 1600)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tune_sizes", description=__doc__)
    parser.add_argument("--photos", type=int, default=6, help="photos per face width")
    args = parser.parse_args(argv)
    detector = FaceDetector()
    counted = _count_input(detector)
    print(
        f"   {'canvas':<8}{'photos':>7}{'faces':>7}{'sure':>7}{'+poss':>7}{'false':>7}"
        f"{'poss F':>8}{'input MP':>10}"
    )
    for name, canvas in CANVASES.items():
        photos = [
            p
            for group in synthetic_split("training", SIZES, args.photos, canvas).values()
            for p in group
        ]
        counted.clear()
        labels = sure = either = false = false_possible = 0
        for image, boxes, neighbours in photos:
            found = detector.detect(image, margin=0)
            wanted, hits, misses = face_counts(
                boxes, neighbours, [f.box for f in found if not f.possible]
            )
            _, hits_either, all_misses = face_counts(boxes, neighbours, [f.box for f in found])
            labels, sure, either = labels + wanted, sure + hits, either + hits_either
            false, false_possible = false + misses, false_possible + all_misses - misses
        n = len(photos)
        print(
            f"   {name:<8}{n:>7}{labels:>7}{sure / labels:>7.3f}{either / labels:>7.3f}"
            f"{false / n:>7.2f}{false_possible / n:>8.2f}{sum(counted) / n / 1e6:>10.2f}"
        )
    return 0


def _count_input(detector: FaceDetector) -> list[int]:
    """Record the pixels of every network input (sides rounded up to 32) in a list."""
    net: Any = detector._net
    detect = net.detect
    counted: list[int] = []

    def counting(rgb: faces.Array, threshold: float) -> faces.Array:
        height, width = rgb.shape[:2]
        counted.append(-(-height // 32) * 32 * (-(-width // 32) * 32))
        rows: faces.Array = detect(rgb, threshold)
        return rows

    net.detect = counting
    return counted


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
