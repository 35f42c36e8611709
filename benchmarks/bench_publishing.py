"""Publishing: the composer's whole policy check (issue 3).

A 500-word draft against a 2,000-pupil roster through every "publish" rule
of the shire profile: median < 5 ms, p95 < 20 ms on one core. The text
checks alone are measured in bench_text; this adds the engine and reasons.
"""

from __future__ import annotations

import random
import statistics
import time

from schoolgate.checks.names import Person
from schoolgate.policy.engine import load_profile
from schoolgate.publishing.checks import Draft, Roster, check_draft

FIRST = [
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Noah",
    "Leo",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Ivy",
    "Priya",
    "Aisha",
    "Yusuf",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Patel",
    "Khan",
    "Okafor",
    "Nowak",
    "Quillfeather",
    "Bramblecott",
]
FILLER = [
    "the",
    "children",
    "had",
    "a",
    "wonderful",
    "week",
    "in",
    "class",
    "learning",
    "about",
    "rivers",
    "and",
    "mountains",
    "with",
    "visits",
    "from",
    "local",
    "experts",
    "and",
    "a",
    "trip",
    "to",
    "the",
    "museum",
]
RUNS = 200


def run() -> None:
    """Print the median and 95th percentile of a full draft check."""
    rng = random.Random(3)
    people = [
        Person(f"pupil:{i}", "pupil", rng.choice(FIRST), f"{rng.choice(SURNAMES)}{i}")
        for i in range(2000)
    ]
    started = time.perf_counter()
    roster = Roster(people)
    print(f"   roster of 2,000 built in {1000 * (time.perf_counter() - started):.1f} ms")
    words = [rng.choice(FILLER) for _ in range(495)] + ["Jack", "Smith12", "07700", "900123", "."]
    rng.shuffle(words)
    body, profile = " ".join(words), load_profile("shire")
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        check_draft(profile, Draft(body, roster=roster))
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    median, p95 = statistics.median(times), times[int(0.95 * RUNS) - 1]
    print(f"   500-word draft, full policy check: median {median:.2f} ms, p95 {p95:.2f} ms")
    print(
        f"   target median < 5 ms, p95 < 20 ms: {'met' if median < 5 and p95 < 20 else 'MISSED'}"
    )
