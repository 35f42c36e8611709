"""The demo trust: how long `schoolgate demo` takes on a fresh SQLite database.

`make run` loads it on first start, so a head trying Schoolgate waits this
long once. Target: a few seconds. Migrations are run first and not timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3


def _schoolgate(args: list[str], env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "schoolgate.cli", *args]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def run() -> None:
    timings = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ)
            env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'demo.sqlite3'}"
            env["CACHE_URL"] = "locmemcache://"
            env["DJANGO_SETTINGS_MODULE"] = "schoolgate.config.settings.local"
            _schoolgate(["migrate", "--noinput", "-v", "0"], env)
            started = time.perf_counter()
            _schoolgate(["demo"], env)
            timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"   demo load on fresh SQLite, {RUNS} runs: median {timings[len(timings) // 2]:.1f} s")
    print(f"   (process start included; best {timings[0]:.1f} s, worst {timings[-1]:.1f} s)")
