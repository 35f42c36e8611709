"""A trust of 300 schools on one PostgreSQL: do the pages stay flat?

`python -m benchmarks scale [--schools 300 --pupils 90000 --audit 3000000
--big 2000 --runs 10 --database sg_scale_bench --keep --reuse]` makes its
own database (dropped at the end unless `--keep`), loads the demo trust,
measures each main page as the head of Brambleford and as the trust's CEO,
grows the trust with the project's bulk loader (`benchmarks/scale_loader.py`:
schools, pupils with a parent and consent, staff, audit entries on the real
hash chain; Brambleford grows to `--big` pupils), vacuums and analyses it,
measures again, and times `audit verify` with its peak memory.

`--keep` leaves the grown database, its files (`var/scale/<database>`) and
the demo's figures in place; `--reuse` measures such a kept trust again
without loading it (migrating it first, so a new index is measured): before
and after figures on the same rows. `SCALE_BENCH_POSTGRES` names the server
(default postgres://postgres@127.0.0.1:5432). Targets (issue 18): every page
p95 ≤ 300 ms with the demo's query count, the trust page ≤ 500 ms, `audit
verify` of 3M entries ≤ 60 s and ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

DEFAULTS = {"schools": 300, "pupils": 90_000, "audit": 3_000_000, "big": 2000}


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks scale")
    for name, value in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    parser.add_argument("--runs", type=int, default=10, help="requests per page and user")
    parser.add_argument("--database", default="sg_scale_bench")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="leave the grown database and its files for a later --reuse",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the trust an earlier --keep run grew, without loading it again",
    )
    options = parser.parse_args(argv)
    options.keep = options.keep or options.reuse
    return options


def _server() -> str:
    return os.environ.get("SCALE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _env(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"{_server()}/{database}"
    env["DJANGO_SETTINGS_MODULE"] = "schoolgate.config.settings.local"
    env["CACHE_URL"] = "locmemcache://"
    return env


def _call(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _json(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    lines = _call(["-m", "benchmarks.scale_run", *args], env).strip().splitlines()
    return json.loads(lines[-1])  # type: ignore[no-any-return]


def _verify(env: dict[str, str]) -> tuple[float, float, str]:
    """Return `audit verify`'s seconds, peak memory in MB, and its last line."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "schoolgate.cli", "audit", "verify"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = child.stdout.read() if child.stdout else ""
    _pid, _status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = _status
    return seconds, usage.ru_maxrss / 1024, (out.strip().splitlines() or [""])[-1]


def _table(demo: dict[str, Any], grown: dict[str, Any]) -> list[str]:
    head = (
        f"   {'page (as)':<40} {'demo p50':>9} {'p95':>7} {'q':>4}"
        f"   {'grown p50':>9} {'p95':>7} {'q':>4}"
    )
    lines = [head, "   " + "-" * (len(head) - 3)]
    for page, small in demo["pages"].items():
        big = grown["pages"].get(page, {"p50": 0, "p95": 0, "queries": 0})
        flag = ""
        if big["queries"] > small["queries"]:
            flag = "  (queries grew)"
        elif big["queries"] < small["queries"]:
            flag = "  (fewer queries: a read the grown data does not need)"
        lines.append(
            f"   {page:<40} {small['p50']:>7.0f}ms {small['p95']:>5.0f}ms {small['queries']:>4}"
            f"   {big['p50']:>7.0f}ms {big['p95']:>5.0f}ms {big['queries']:>4}{flag}"
        )
    return lines


def run(argv: list[str] | None = None) -> None:
    options = _options(argv or [])
    # The demo's files (its logins, mail, media, the audit anchors) go to a
    # folder of the run's own, removed with the database at the end (or kept
    # with it, as the audit anchors must match the kept chain).
    with _folder(options) as folder:
        _run(options, folder, {**_env(options.database), "SCHOOLGATE_VAR_DIR": str(folder)})


def _folder(options: argparse.Namespace) -> AbstractContextManager[Any]:
    if not options.keep:
        return tempfile.TemporaryDirectory(prefix="sg-scale-")
    folder = Path("var") / "scale" / options.database
    if options.reuse and not (folder / "demo.json").exists():
        raise SystemExit(f"--reuse: no kept trust in {folder}; grow one with --keep first")
    folder.mkdir(parents=True, exist_ok=True)
    return nullcontext(folder.resolve())


def _run(options: argparse.Namespace, folder: Path, env: dict[str, str]) -> None:
    began = time.perf_counter()
    print(f"   load average at the start: {_load()}", flush=True)
    try:
        if options.reuse:
            _call(["-m", "schoolgate.cli", "migrate", "--noinput", "-v", "0"], env)
            demo = json.loads((Path(folder) / "demo.json").read_text())
            print(f"   reusing the trust kept in {options.database}", flush=True)
        else:
            demo = _load_and_grow(options, env)
            if options.keep:
                (Path(folder) / "demo.json").write_text(json.dumps(demo))
        started = time.perf_counter()
        grown = _json(["measure", "--runs", str(options.runs)], env)
        print(f"   grown trust measured in {time.perf_counter() - started:.0f} s", flush=True)
        plans = _json(["plans"], env)["plans"]
        seconds, peak, said = _verify(env)
        print(
            f"   demo: {demo['schools']} schools, {demo['pupils']} pupils "
            f"(Brambleford {demo['big']}); grown: {grown['schools']} schools, "
            f"{grown['pupils']} pupils (Brambleford {grown['big']}); {options.runs} requests each"
        )
        print("\n".join(_table(demo, grown)))
        print("   the audit log's first page on PostgreSQL (EXPLAIN ANALYZE):")
        print("\n".join(f"     {where}: {plan}" for where, plan in plans.items()))
        print(f"   audit verify: {seconds:.1f} s, peak {peak:.0f} MB ({said})")
        print(
            f"   the whole run: {(time.perf_counter() - began) / 60:.1f} min; "
            f"load average at the end: {_load()}"
        )
    finally:
        if not options.keep:
            _admin(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')


def _load_and_grow(options: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Load the demo trust into a new database, measure it, grow it, and
    return the demo's figures."""
    _admin(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{options.database}"')
    started = time.perf_counter()
    _call(["-m", "schoolgate.cli", "migrate", "--noinput", "-v", "0"], env)
    _call(["-m", "schoolgate.cli", "demo"], env)
    print(f"   demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    demo = _json(["measure", "--runs", str(options.runs)], env)
    print(f"   demo measured in {time.perf_counter() - started:.0f} s", flush=True)
    grow = [f"--{name}={getattr(options, name)}" for name in DEFAULTS]
    grown_by = _json(["grow", *grow], env)
    print(f"   grown in {grown_by['seconds']:.0f} s: {grown_by['grown']}", flush=True)
    # What autovacuum does to a live database soon after a bulk load (this
    # server may run without it): visibility maps, so that indexes alone
    # answer, and fresh statistics.
    _admin_db(options.database, "VACUUM ANALYZE")
    return demo


def _load() -> str:
    return ", ".join(f"{n:.1f}" for n in os.getloadavg())


def _admin_db(database: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{_server()}/{database}", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]
