"""The one CSV writer: spreadsheet formulas never run, streaming or not."""

import csv
import io

from schoolgate.core.exports import csv_cell, csv_response, csv_streaming_response

ROWS = [['=HYPERLINK("http://x")', "Mrs Okafor", None], ["+44 1632", "-3", "@sum"]]


def test_a_cell_that_would_run_as_a_formula_is_quoted():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("Mrs Okafor") == "Mrs Okafor"
    assert csv_cell(None) == ""


def test_the_download_and_the_stream_write_the_same_defused_rows():
    whole = csv_response("x.csv", ["a", "b", "c"], ROWS).content.decode("utf-8-sig")
    streamed = b"".join(csv_streaming_response("x.csv", ["a", "b", "c"], ROWS)).decode()
    assert list(csv.reader(io.StringIO(whole))) == list(csv.reader(io.StringIO(streamed)))
    body = list(csv.reader(io.StringIO(streamed)))[1:]
    assert body == [['\'=HYPERLINK("http://x")', "Mrs Okafor", ""], ["'+44 1632", "'-3", "'@sum"]]
