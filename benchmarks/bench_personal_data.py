"""Personal data in drafts: recall per kind, and false alarms on harmless drafts.

Texts with their personal data marked `[[...]]`, in two parts: tuning
(`personal_data_tuning*.tsv`, whose misses shaped the patterns in
`schoolgate.checks.pii`; the second was written blind as a reporting set,
measured once, then used for tuning) and reporting
(`personal_data_reporting*.tsv`, written blind and never used to change
them: the figures to quote). A marked span is found
when a finding of its kind covers at least half of it. False alarms are
counted on the harmless drafts of the content sets of the same part.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from benchmarks.bench_content import labelled as content_drafts
from schoolgate.checks.pii import find_personal_data

DATA = Path(__file__).with_name("data")
PARTS = ("tuning", "reporting")
_MARK = re.compile(r"\[\[(.+?)\]\]")


def marked(part: str = "tuning") -> list[tuple[str, str, tuple[int, int]]]:
    """Return (kind, plain text, span of the marked data) for each line of a part."""
    rows = []
    lines = [
        line
        for path in sorted(DATA.glob(f"personal_data_{part}*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, text = (part.strip() for part in line.split("\t", 1))
        match = _MARK.search(text)
        assert match, line
        start = match.start()
        plain = text[:start] + match[1] + text[match.end() :]
        rows.append((kind, plain, (start, start + len(match[1]))))
    return rows


def _covers(found: tuple[int, int], gold: tuple[int, int]) -> bool:
    overlap = min(found[1], gold[1]) - max(found[0], gold[0])
    return overlap * 2 >= gold[1] - gold[0]


def run() -> None:
    print(f"   load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for part in PARTS:
        rows = marked(part)
        if rows:
            _report(part, rows)


def _report(part: str, rows: list[tuple[str, str, tuple[int, int]]]) -> None:
    print(f"   {part} part")
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    missed = []
    for kind, text, gold in rows:
        totals[kind] += 1
        spans = [f.span for f in find_personal_data(text) if f.kind == kind and f.span]
        if any(_covers(span, gold) for span in spans):
            hits[kind] += 1
        else:
            missed.append(f"{kind}: {text}")
    print(f"   {'kind':<15} {'spans':>6} {'recall':>7}")
    for kind in sorted(totals):
        print(f"   {kind:<15} {totals[kind]:>6} {hits[kind] / totals[kind]:>7.2f}")
    total = sum(totals.values())
    print(f"   {'all':<15} {total:>6} {sum(hits.values()) / total:>7.2f}")
    harmless = [text for label, text in content_drafts(part) if label == "harmless"]
    alarms = [(text, find_personal_data(text)) for text in harmless]
    alarms = [(text, found) for text, found in alarms if found]
    print(f"   false alarms on {len(harmless)} harmless drafts: {len(alarms)}")
    for line in missed:
        print(f"   missed {line}")
    for text, found in alarms:
        print(f"   false alarm {[f.kind for f in found]}: {text}")
