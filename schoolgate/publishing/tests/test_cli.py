"""`schoolgate check`: the draft check on the command line, and Django's check untouched."""

import json
import os
import subprocess
import sys

import pytest

from schoolgate.publishing.cli import check_main, is_draft_check


def _schoolgate(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "schoolgate.cli", "check", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_output_blocks_a_phone_number_without_a_database(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("Ring 07700 900123 for tickets.\n")
    result = _schoolgate("--json", str(draft), DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 2, result.stderr
    out = json.loads(result.stdout)
    assert out["decision"] == "block"
    [finding] = out["findings"]
    assert set(finding) == {"rule", "kind", "reason", "source", "span"}
    assert finding["kind"] == "phone"
    assert finding["span"] == [5, 17]
    assert finding["source"] == 'shire "Terms of Use"'


def test_a_clean_draft_exits_0_and_a_missing_file_exits_3(tmp_path, capsys):
    draft = tmp_path / "ok.md"
    draft.write_text("A lovely day at the seaside.")
    assert check_main(["--json", str(draft)]) == 0
    assert json.loads(capsys.readouterr().out) == {"decision": "allow", "findings": []}
    assert check_main([str(tmp_path / "missing.md")]) == 3


@pytest.mark.parametrize(
    "args",
    [["--channel", "tv", "x.md"], ["--json"], ["--bogus", "x.md"]],
)
def test_bad_arguments_exit_3_not_argparses_2(args, tmp_path):
    assert check_main(args) == 3


def test_a_photo_file_name_is_checked_and_a_missing_photo_is_bad_input(tmp_path, capsys):
    draft = tmp_path / "d.md"
    draft.write_text("Sports day")
    photo = tmp_path / "call_07700_900123.jpg"
    photo.write_bytes(b"x")
    assert check_main(["--json", str(draft), str(photo)]) == 2
    assert json.loads(capsys.readouterr().out)["findings"][0]["span"] is None
    assert check_main([str(draft), str(tmp_path / "nope.jpg")]) == 3


def test_the_school_option_uses_its_roster(tmp_path, capsys, db, settings):
    from schoolgate.people.tests.factories import PupilFactory, SchoolFactory

    school = SchoolFactory(slug="larkspur", profile="shire")
    PupilFactory(school=school, first_name="Jack", surname="Quillfeather")
    draft = tmp_path / "d.md"
    draft.write_text("Well done Jack Quillfeather!")
    assert check_main(["--school", "larkspur", "--json", str(draft)]) == 2
    finding = json.loads(capsys.readouterr().out)["findings"][0]
    assert finding["kind"] == "full_name"
    assert finding["reason"].startswith("Jack's full name appears")
    assert check_main(["--school", "nowhere", str(draft)]) == 3


@pytest.mark.parametrize(
    ("args", "ours"),
    [
        ([], False),
        (["people"], False),
        (["--deploy"], False),
        (["draft.md"], True),
        (["--json", "x"], True),
        (["--school=larkspur", "x"], True),
        (["--channel", "social", "x"], True),
    ],
)
def test_check_goes_to_the_draft_check_only_when_it_names_a_file_or_its_options(args, ours):
    assert is_draft_check(args) is ours
