"""Reads for photos: the order faces are numbered in."""

import pytest

from schoolgate.photos.models import Face
from schoolgate.photos.selectors import reading_order


def boxes(*spec):
    return [Face(pk=n, x=x, y=y, w=w, h=h) for n, (x, y, w, h) in enumerate(spec, start=1)]


def order(faces):
    return [f.pk for f in reading_order(faces)]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # One row whose heads are not level: left to right all the same.
        (((600, 110, 100, 100), (100, 140, 100, 100), (350, 100, 100, 100)), [2, 3, 1]),
        # Two rows: the lower row starts again at the left.
        (((500, 400, 100, 100), (100, 100, 100, 100), (50, 420, 100, 100)), [2, 3, 1]),
        # A head half a face lower than its neighbour stays in the row; one
        # mostly below it starts the next row.
        (((100, 150, 100, 100), (300, 100, 100, 100)), [1, 2]),
        (((100, 170, 100, 100), (300, 100, 100, 100)), [2, 1]),
        # A small face far behind, beside a near one's height, is in its row.
        (((100, 100, 300, 300), (50, 150, 40, 40)), [2, 1]),
        ((), []),
    ],
)
def test_reading_order_reads_rows_top_to_bottom_and_each_row_left_to_right(spec, expected):
    assert order(boxes(*spec)) == expected
