import io
import json
from pathlib import Path

import exifread
from PIL import Image

from schoolgate.checks.photos.cli import check_photo_main, strip_photo_main
from schoolgate.checks.photos.tests import fixtures


def run(main, argv: list[str]) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_check_photo_prints_the_json_contract(tmp_path: Path) -> None:
    photo = tmp_path / "sports-day.jpg"
    photo.write_bytes(fixtures.camera_jpeg())
    status, out, err = run(check_photo_main, ["--json", str(photo)])
    assert (status, err) == (0, "")
    report = json.loads(out)
    assert report["file"] == str(photo)
    assert report["faces"] == []
    assert report["device"] == "unknown"
    meta = report["metadata"]
    assert (meta["make"], meta["model"], meta["serial"]) == ("Canon", "EOS R6", fixtures.SERIAL)
    assert (meta["gps"], meta["owner"]) == (True, fixtures.OWNER)
    assert {f["kind"] for f in report["findings"]} >= {"device_unknown", "gps"}


def test_check_photo_goes_on_past_bad_files_and_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "letter.jpg"
    bad.write_text("Dear parents")
    good = tmp_path / "good.png"
    good.write_bytes(fixtures.png())
    status, out, err = run(check_photo_main, ["--json", str(bad), str(good)])
    assert status == 3
    assert f"{bad}: This file is not a photo" in err
    lines = out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["device"] == "none"


def test_check_photo_reads_aloud_without_json(tmp_path: Path) -> None:
    photo = tmp_path / "a.jpg"
    photo.write_bytes(fixtures.camera_jpeg())
    status, out, _ = run(check_photo_main, [str(photo)])
    assert status == 0
    assert "Canon EOS R6 (unknown)" in out and "GPS location" in out


def test_strip_photo_writes_a_clean_upright_copy(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jpg", tmp_path / "out.jpg"
    source.write_bytes(fixtures.camera_jpeg(orientation=6))
    status, out, err = run(strip_photo_main, [str(source), str(target)])
    assert (status, err) == (0, "")
    assert exifread.process_file(target.open("rb"), details=True) == {}
    assert Image.open(target).size == (240, 320)
    assert "metadata removed" in out


def test_strip_photo_refuses_bad_input_with_exit_3(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jpg", tmp_path / "out.jpg"
    source.write_bytes(fixtures.jpeg()[:3000])
    status, _, err = run(strip_photo_main, [str(source), str(target)])
    assert status == 3
    assert "damaged or incomplete" in err
    assert not target.exists()
