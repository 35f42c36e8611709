"""Run every benchmark: `make bench` (or `python -m benchmarks [NAME ...]`).

Each `benchmarks/bench_<name>.py` has `run() -> None` and prints its figures.
Timings live here, never in the test suite.
"""

import importlib
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"== {name.removeprefix('bench_')}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").run()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
