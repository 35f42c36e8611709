"""Content rules (C3.7): caught and false-alarm rates per category.

The drafts in `benchmarks/data/content_drafts.tsv` were written for this
benchmark and are the reporting set: the cues in `schoolgate.checks.content`
were designed on the examples in its unit tests, never on these lines.
A draft counts as caught when a finding of its own category is found;
a harmless draft counts as a false alarm when any content finding is.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from pathlib import Path

from schoolgate.checks.content import CONTENT_KINDS, find_content

DATA = Path(__file__).with_name("data") / "content_drafts.tsv"


def labelled() -> list[tuple[str, str]]:
    """Return (label, text) for each draft of the set."""
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


def run() -> None:
    print(f"   load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = labelled()
    started = time.perf_counter()
    kinds = [{f.kind for f in find_content(text)} for _, text in rows]
    elapsed = time.perf_counter() - started
    totals = Counter(label for label, _ in rows)
    caught: Counter[str] = Counter()
    wrong: dict[str, list[str]] = defaultdict(list)
    for (label, text), found in zip(rows, kinds, strict=True):
        if label == "harmless":
            if found:
                caught["harmless"] += 1
                wrong["harmless"].append(f"{sorted(found)}: {text}")
        elif label in found:
            caught[label] += 1
        else:
            wrong[label].append(text)
    print(f"   {'category':<15} {'drafts':>6} {'caught':>7}")
    for kind in CONTENT_KINDS:
        print(f"   {kind:<15} {totals[kind]:>6} {caught[kind] / totals[kind]:>7.2f}")
    harmful = sum(totals[k] for k in CONTENT_KINDS)
    refused = sum(caught[k] for k in CONTENT_KINDS) / harmful
    print(f"   {'all refused':<15} {harmful:>6} {refused:>7.2f}")
    rate = caught["harmless"] / totals["harmless"]
    print(f"   harmless blocked: {caught['harmless']} of {totals['harmless']} ({rate:.2f})")
    print(f"   {len(rows)} drafts in {elapsed * 1000:.1f} ms")
    for label, texts in wrong.items():
        for text in texts:
            what = "false alarm" if label == "harmless" else f"missed {label}"
            print(f"   {what}: {text}")
