"""The `schoolgate` command: its own sub-commands and Django's pass through."""

import json
import os
import subprocess
import sys


def _schoolgate(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schoolgate.cli", *args],
        input=stdin,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_no_arguments_it_lists_schoolgates_commands():
    result = _schoolgate()
    assert result.returncode == 0
    for command in ("demo", "serve", "import", "policy", "audit", "triage"):
        assert f"  {command}" in result.stdout


def test_triage_without_a_school_needs_no_database():
    lines = (
        '{"id": "a", "text": "What a wonderful concert, thank you!"}\n{"id": "b", "text": "kys"}\n'
    )
    result = _schoolgate("triage", stdin=lines, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["action"] == "approve"
    assert out[1]["action"] in {"escalate", "reject"}


def test_django_commands_pass_through(tmp_path):
    result = _schoolgate("check", DJANGO_SETTINGS_MODULE="schoolgate.config.settings.test")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_photo_reports_a_photo_and_refuses_a_non_image(tmp_path):
    from PIL import Image

    photo = tmp_path / "sports-day.png"
    Image.new("RGB", (64, 48), "green").save(photo)
    not_photo = tmp_path / "notes.jpg"
    not_photo.write_text("not a picture")

    result = _schoolgate("check-photo", "--json", str(photo), str(not_photo))
    assert result.returncode == 3
    report = json.loads(result.stdout.splitlines()[0])
    assert report["file"] == str(photo)
    assert report["faces"] == []
    assert report["device"] == "none"
    assert "notes.jpg" in result.stderr


def test_strip_photo_writes_a_rendition_without_metadata(tmp_path):
    from PIL import Image

    original = tmp_path / "in.jpg"
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0xA431] = "SERIAL-123"  # BodySerialNumber
    Image.new("RGB", (80, 60), "blue").save(original, exif=exif)
    public = tmp_path / "out.jpg"

    result = _schoolgate("strip-photo", str(original), str(public))
    assert result.returncode == 0, result.stderr
    assert b"SERIAL-123" not in public.read_bytes()
    assert not Image.open(public).getexif()
