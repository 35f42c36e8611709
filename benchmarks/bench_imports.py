"""Importing pupils: a 10,000-pupil MIS file on a fresh SQLite database.

Times the first import (every pupil added, each audited) and a re-import of
the same unchanged file, through `people_import` as the web page's task and
the `schoolgate import` command run it. Targets (issue 18): first import
<= 10 s, unchanged re-import <= 3 s. Migrations and process start-up are not
timed. Run alone with `python -m benchmarks imports`; the machine's load is
printed beside the figures, since a busy machine slows every figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    from schoolgate.people.imports import decode
    from schoolgate.people.models import Pupil, School, Trust
    from schoolgate.people.services import people_import

    trust = Trust.objects.create(name="Benchmark Trust", slug="bench-trust")
    school = School.objects.create(
        trust=trust, name="Benchmark School", slug="bench", profile="shire"
    )
    print(f"   load before: {_loadavg()}")
    for label in TARGETS:
        started, cpu = time.perf_counter(), time.process_time()
        report = people_import(
            school=school, kind="pupils", text=decode(path.read_bytes()), filename=path.name
        )
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        counts = (
            f"{report.created} added, {report.unchanged} unchanged, {len(report.errors)} refused"
        )
        verdict = "ok" if took <= TARGETS[label] else "OVER TARGET"
        print(
            f"   {label} of {PUPILS:,} pupils: {took:.2f} s ({PUPILS / took:,.0f} rows/s; "
            f"target <= {TARGETS[label]:.0f} s, {verdict}); {counts}",
            flush=True,
        )
        # SQLite runs in this process: on a busy machine CPU time shows the cost.
        print(f"      CPU time {cpu:.2f} s", flush=True)
    assert Pupil.objects.filter(school=school).count() == PUPILS
    print(f"   load after: {_loadavg()}")


if __name__ == "__main__":
    _timed(Path(sys.argv[1]))
