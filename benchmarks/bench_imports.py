"""Importing pupils and parents: 10,000 of each on a fresh SQLite database.

Times the first import (every row added, each audited) and a re-import of the
same unchanged file, pupils then their parents, through `people_import` as
the web page's task and the `schoolgate import` command run it. Targets
(issue 18, pupils): first import <= 10 s, unchanged re-import <= 3 s.
Migrations and process start-up are not timed. CPU time is shown beside wall
time: SQLite runs in the process, so on a busy machine it is the fairer
figure, and the machine's load is printed before and after. Run alone with
`python -m benchmarks imports`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PUPILS = 10_000
TARGETS = {"first import": 10.0, "unchanged re-import": 3.0}


def pupils_csv(count: int = PUPILS) -> str:
    """Return an MIS export of `count` pupils, as SIMS names the columns."""
    lines = ["Adno,Forename,Legal Surname,Preferred forename,DOB,Year,Reg Group,Leaving date"]
    for n in range(count):
        year = 1 + n % 6
        born = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2019 - year}"
        lines.append(f"A{n:06d},Pupil{n},Surname{n % 997},,{born},Year {year},{year}B,")
    return "\n".join(lines) + "\n"


def parents_csv(count: int = PUPILS) -> str:
    """Return a contacts export: one parent per pupil, every tenth with two children."""
    lines = ["Contact ID,Title,Forename,Surname,Email,Telephone,Pupil IDs,Relationship"]
    for n in range(count):
        children = f"A{n:06d}" + (f";A{(n + 1) % count:06d}" if n % 10 == 0 else "")
        lines.append(
            f"C{n:06d},Ms,Parent{n},Surname{n % 997},p{n}@example.test,01632 96{n % 10000:04d},"
            f"{children},Mother"
        )
    return "\n".join(lines) + "\n"


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'imports.sqlite3'}"
        env["CACHE_URL"] = "locmemcache://"
        env["DJANGO_SETTINGS_MODULE"] = "schoolgate.config.settings.local"
        command = [sys.executable, "-m", "schoolgate.cli", "migrate", "--noinput", "-v", "0"]
        subprocess.run(command, env=env, check=True)  # noqa: S603
        path = Path(folder) / "pupils.csv"
        path.write_text(pupils_csv(), encoding="utf-8")
        inner = [sys.executable, "-m", "benchmarks.bench_imports", str(path)]
        subprocess.run(inner, env=env, check=True)  # noqa: S603


def _timed(path: Path) -> None:
    """In a process set up for the benchmark's database: time both imports."""
    import django

    django.setup()
    from schoolgate.people.models import Parent, Pupil, School, Trust

    trust = Trust.objects.create(name="Benchmark Trust", slug="bench-trust")
    school = School.objects.create(
        trust=trust, name="Benchmark School", slug="bench", profile="shire"
    )
    print(f"   load before: {_loadavg()}")
    for kind, text in (("pupils", path.read_bytes()), ("parents", parents_csv().encode())):
        for label in TARGETS:
            _time(school, kind, label, text)
    assert Pupil.objects.filter(school=school).count() == PUPILS
    assert Parent.objects.filter(school=school).count() == PUPILS
    print(f"   load after: {_loadavg()}")


def _time(school: Any, kind: str, label: str, raw: bytes) -> None:
    from schoolgate.people.imports import decode
    from schoolgate.people.services import people_import

    started, cpu = time.perf_counter(), time.process_time()
    report = people_import(school=school, kind=kind, text=decode(raw), filename=f"{kind}.csv")
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = f"{report.created} added, {report.unchanged} unchanged, {len(report.errors)} refused"
    # The targets are the for pupils; parents are shown beside them.
    target = TARGETS[label] if kind == "pupils" else None
    verdict = "" if target is None else f"; target <= {target:.0f} s, "
    verdict += "" if target is None else ("ok" if took <= target else "OVER TARGET")
    print(
        f"   {label} of {PUPILS:,} {kind}: {took:.2f} s wall, {cpu:.2f} s CPU "
        f"({PUPILS / took:,.0f} rows/s{verdict}); {counts}",
        flush=True,
    )


if __name__ == "__main__":
    _timed(Path(sys.argv[1]))
