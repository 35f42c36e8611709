"""Command-line entry points for the text checks (wired into `schoolgate`).

`schoolgate triage [--input FILE]` reads JSON lines, `{"id": ..., "text":
...}`, from standard input or FILE and writes one JSON line per input line,
in the same order: the triage result with its id, or `{"id": ..., "line":
N, "error": "..."}` for a line that could not be read. Blank lines are
skipped. Without `--school` it runs with no roster on the shire profile and
needs no database; with `--school SLUG` the `triage` management command
passes the school's roster, phrases and thresholds in (`TriageSettings`).
Exit status: 0 when every line was triaged, 1 when any line was malformed,
3 when the input could not be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from schoolgate.checks.names import NameMatcher
from schoolgate.checks.phrases import PhraseList
from schoolgate.checks.triage import triage

# Big enough for the offensive model's batch speed, small enough that output
# keeps flowing when input arrives slowly through a pipe.
BATCH_SIZE = 1000
EXIT_OK = 0
EXIT_MALFORMED_LINE = 1
EXIT_BAD_INPUT = 3


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    id: Any = None
    text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class TriageSettings:
    """What a school adds to triage: its roster, its own phrases and thresholds."""

    roster: NameMatcher | None = None
    phrases: PhraseList | Mapping[str, Iterable[str]] | None = None
    thresholds: Mapping[str, float] = field(default_factory=dict)


def triage_main(
    argv: list[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    settings: TriageSettings | None = None,
) -> int:
    """Run `schoolgate triage`; return the exit status."""
    args = _parser().parse_args(argv)
    school = settings or TriageSettings()
    out = stdout or sys.stdout
    try:
        source = args.input.open("rb") if args.input else (stdin or sys.stdin.buffer)
    except OSError as error:
        print(f"schoolgate triage: cannot read {args.input}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    with source:
        malformed = _run(_parse(source), out, school)
    return EXIT_MALFORMED_LINE if malformed else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schoolgate triage",
        description='Triage comments given as JSON lines ({"id": ..., "text": ...}).',
    )
    parser.add_argument("--input", type=Path, help="read this file instead of standard input")
    parser.add_argument(
        "--school", metavar="SLUG", help="use this school's roster, phrases and thresholds"
    )
    return parser


def _run(lines: Iterable[_Line], out: IO[str], school: TriageSettings) -> int:
    malformed = 0
    for batch in _batches(lines, BATCH_SIZE):
        texts = [line.text for line in batch if line.text is not None]
        results = iter(
            triage(
                texts,
                roster=school.roster,
                phrases=school.phrases,
                thresholds=school.thresholds,
            )
        )
        for line in batch:
            if line.text is None:
                malformed += 1
                record = {"id": line.id, "line": line.number, "error": line.error}
            else:
                record = {"id": line.id, **next(results).as_dict()}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return malformed


def _parse(source: IO[bytes]) -> Iterator[_Line]:
    for number, raw in enumerate(source, start=1):
        if raw.strip():
            yield _parse_line(number, raw)


def _parse_line(number: int, raw: bytes) -> _Line:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _Line(number, error="not UTF-8")
    except json.JSONDecodeError as error:
        return _Line(number, error=f"not JSON: {error.msg}")
    if not isinstance(data, dict):
        return _Line(number, error="not a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        return _Line(number, data.get("id"), error='"text" must be a string')
    return _Line(number, data.get("id"), text)


def _batches(lines: Iterable[_Line], size: int) -> Iterator[list[_Line]]:
    batch: list[_Line] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


if __name__ == "__main__":
    sys.exit(triage_main(sys.argv[1:]))
