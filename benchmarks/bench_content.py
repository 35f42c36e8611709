"""Content rules (C3.7): caught and false-alarm rates per category.

Labelled drafts written for this benchmark (one line each, `label TAB
text`), in two parts. Tuning (`content_tuning*.tsv`): drafts whose misses
shaped the cues in `schoolgate.checks.content` (the second of them was
written blind as a reporting set, measured once, then used for tuning).
Reporting (`content_reporting*.tsv`): written blind, by someone who never
saw the cues or the other sets, and never used to change them: the figures
to quote. A draft counts as caught when a finding of its own category is
found; a harmless draft counts as a false alarm when any content finding is.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

from schoolgate.checks.content import CONTENT_KINDS, find_content

DATA = Path(__file__).with_name("data")
PARTS = ("tuning", "reporting")


def labelled(part: str = "tuning") -> list[tuple[str, str]]:
    """Return (label, text) for each draft of one part ([] if it has no file)."""
    rows = []
    for path in sorted(DATA.glob(f"content_{part}*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, text = line.split("\t", 1)
                rows.append((label.strip(), text.strip()))
    return rows


def run() -> None:
    print(f"   load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for part in PARTS:
        rows = labelled(part)
        if rows:
            _report(part, rows)


def _report(part: str, rows: list[tuple[str, str]]) -> None:
    started = time.perf_counter()
    kinds = [{f.kind for f in find_content(text)} for _, text in rows]
    elapsed = time.perf_counter() - started
    totals = Counter(label for label, _ in rows)
    caught: Counter[str] = Counter()
    wrong: list[str] = []
    for (label, text), found in zip(rows, kinds, strict=True):
        if label == "harmless":
            caught["harmless"] += bool(found)
            wrong += [f"false alarm {sorted(found)}: {text}"] if found else []
        elif label in found:
            caught[label] += 1
        else:
            wrong.append(f"missed {label}: {text}")
    print(f"   {part} part: {len(rows)} drafts, {elapsed * 1000:.1f} ms")
    print(f"   {'category':<15} {'drafts':>6} {'caught':>7}")
    for kind in CONTENT_KINDS:
        if totals[kind]:
            print(f"   {kind:<15} {totals[kind]:>6} {caught[kind] / totals[kind]:>7.2f}")
    harmful = sum(totals[k] for k in CONTENT_KINDS)
    refused = sum(caught[k] for k in CONTENT_KINDS) / max(harmful, 1)
    print(f"   {'all refused':<15} {harmful:>6} {refused:>7.2f}")
    rate = caught["harmless"] / max(totals["harmless"], 1)
    print(f"   harmless blocked: {caught['harmless']} of {totals['harmless']} ({rate:.2f})")
    for line in wrong:
        print(f"   {line}")
