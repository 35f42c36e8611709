import io
import json

from schoolgate.checks.cli import triage_main


def run(lines: list[str], argv=None):
    stdin = io.BytesIO("\n".join(lines).encode("utf-8") + b"\n")
    stdout = io.StringIO()
    status = triage_main(argv or [], stdin=stdin, stdout=stdout)
    return status, [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_it_writes_one_result_per_comment_in_order():
    status, out = run(
        ['{"id": "a", "text": "kys"}', '{"id": 7, "text": "Lovely day, thank you!"}']
    )
    assert status == 0
    assert [(o["id"], o["action"]) for o in out] == [("a", "escalate"), (7, "approve")]
    assert set(out[0]) == {"id", "action", "labels", "scores", "findings"}
    assert set(out[0]["scores"]) == {"offensive", "negative", "personal_data", "praise"}
    assert out[0]["findings"][0]["span"] == [0, 3]


def test_a_malformed_line_gets_an_error_and_the_rest_go_on():
    status, out = run(
        ['{"id": 1, "text": "hello"}', "{not json", '{"id": 3}', "[1]", '{"id": 5, "text": "kys"}']
    )
    assert status == 1
    assert [o.get("error", "")[:8] for o in out] == ["", "not JSON", '"text" m', "not a JS", ""]
    assert [o["id"] for o in out] == [1, None, 3, None, 5]
    assert out[1]["line"] == 2


def test_invalid_utf8_is_a_malformed_line():
    stdout = io.StringIO()
    status = triage_main(
        [], stdin=io.BytesIO(b'\xff\xfe\n{"id": 2, "text": "hi"}\n'), stdout=stdout
    )
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert (status, lines[0]["error"], lines[1]["id"]) == (1, "not UTF-8", 2)


def test_it_reads_a_file_given_with_input(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "What time is pick up?"}\n', encoding="utf-8")
    status, out = run([], ["--input", str(source)])
    assert (status, [o["action"] for o in out]) == (0, ["hold"])


def test_a_missing_input_file_is_bad_input(tmp_path):
    assert triage_main(["--input", str(tmp_path / "nope.jsonl")]) == 3
