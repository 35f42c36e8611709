"""`schoolgate check-photo` and `schoolgate strip-photo`, as plain functions.

Each takes the arguments after the command name and returns the exit
status: 0 when every file was handled, 3 when any file was refused (its
reason goes to stderr, and the other files are still handled).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from io import TextIOBase
from typing import TextIO

from schoolgate.checks.photos.analysis import PhotoReport, analyse_photo
from schoolgate.checks.photos.faces import FaceModelMissing
from schoolgate.checks.photos.metadata import DeviceEntry
from schoolgate.checks.photos.opening import PhotoRejected, open_photo
from schoolgate.checks.photos.rendition import MAX_SIDE, write_rendition

BAD_INPUT = 3


def check_photo_main(
    argv: Sequence[str],
    *,
    device_register: Iterable[DeviceEntry] = (),
    stdout: TextIO | TextIOBase | None = None,
    stderr: TextIO | TextIOBase | None = None,
) -> int:
    """Run `check-photo [--json] FILE...`; with --json print one JSON object a line.

    `device_register` is the school's register; without one, every camera
    is "unknown".
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="schoolgate check-photo",
        description="Report a photo's faces, identifying metadata and camera.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per file")
    parser.add_argument("files", nargs="+", metavar="FILE", help="JPEG, PNG or HEIC photos")
    args = parser.parse_args(argv)
    register = list(device_register)
    status = 0
    for name in args.files:
        try:
            report = analyse_photo(name, device_register=register)
        except (PhotoRejected, FaceModelMissing) as exc:
            print(f"check-photo: {name}: {exc}", file=err)
            status = BAD_INPUT
            continue
        if args.json:
            print(json.dumps({"file": name, **report.as_dict()}), file=out)
        else:
            print(_describe(name, report), file=out)
    return status


def strip_photo_main(
    argv: Sequence[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run `strip-photo [--max-side N] [--blur-faces] IN OUT`."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="schoolgate strip-photo",
        description="Write the public copy of a photo: upright, resized, no metadata.",
    )
    parser.add_argument("source", metavar="IN")
    parser.add_argument("target", metavar="OUT", help="where to write the JPEG")
    parser.add_argument("--max-side", type=int, default=MAX_SIDE, help="longest side, px")
    parser.add_argument("--blur-faces", action="store_true", help="blur every face found")
    args = parser.parse_args(argv)
    try:
        photo = open_photo(args.source)
        boxes = [face.box for face in analyse_photo(photo).faces] if args.blur_faces else []
        write_rendition(photo, args.target, blur_boxes=boxes, max_side=args.max_side)
    except (PhotoRejected, FaceModelMissing) as exc:
        print(f"strip-photo: {args.source}: {exc}", file=err)
        return BAD_INPUT
    except OSError as exc:
        print(f"strip-photo: {args.target}: could not write ({exc.strerror})", file=err)
        return BAD_INPUT
    blurred = f", {len(boxes)} face(s) blurred" if args.blur_faces else ""
    print(f"{args.target}: public copy written, metadata removed{blurred}", file=out)
    return 0


def _describe(name: str, report: PhotoReport) -> str:
    meta = report.metadata
    camera = " ".join(filter(None, (meta.make, meta.model))) or "no camera details"
    lines = [
        f"{name}: {report.format} {report.width}x{report.height}, {len(report.faces)} face(s)",
        f"  camera: {camera} ({report.device})",
    ]
    lines += [f"  face at {list(face.box)} score {face.score:.2f}" for face in report.faces]
    lines += [f"  - {finding.reason}" for finding in report.findings]
    return "\n".join(lines)
