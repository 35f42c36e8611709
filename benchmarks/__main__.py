"""Run every benchmark: `make bench` (or `python -m benchmarks [NAME ...] [--OPTION ...]`).

Each `benchmarks/bench_<name>.py` has `run() -> None` and prints its figures;
one that takes options has `run(argv)` and gets the arguments from the first
starting with "--" (e.g. `python -m benchmarks scale --schools 20`).
A benchmark that cannot give its figure (its data is missing) raises
SystemExit with the reason: it is printed, the others still run, and the
run exits 1. Timings live here, never in the test suite.
"""

import importlib
import inspect
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    first = next((i for i, arg in enumerate(argv) if arg.startswith("--")), len(argv))
    wanted, options = set(argv[:first]), argv[first:]
    failed = []
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"== {name.removeprefix('bench_')}", flush=True)
        started = time.perf_counter()
        run = importlib.import_module(f"benchmarks.{name}").run
        try:
            run(options) if inspect.signature(run).parameters else run()
        except SystemExit as stop:
            if not isinstance(stop.code, str):
                raise
            print(f"   FAILED: {stop.code}", flush=True)
            failed.append(name.removeprefix("bench_"))
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
