"""CSV downloads: the one writer every register and list uses.

Every cell passes through `csv_cell`, so a name or note that begins like a
spreadsheet formula is never run when the file is opened in Excel.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

# Cells Excel would run as a formula; an exported name must never execute.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Return the value as text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> HttpResponse:
    """Return a CSV download that Excel opens correctly (UTF-8 with a BOM)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return response


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _lines(header: Sequence[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_streaming_response(
    filename: str, header: Sequence[str], rows: Iterable[list[Any]]
) -> StreamingHttpResponse:
    """Return a CSV download written row by row, for exports of any length."""
    response = StreamingHttpResponse(_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
