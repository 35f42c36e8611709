"""`schoolgate check [--school SLUG] [--channel blog|social] [--json] FILE [PHOTO...]`.

Checks a Markdown draft (and its photos' file names) against a school's
policy without a browser. Without --school it uses no roster and the shire
profile, and needs no database. Exit status: 0 allow, 1 needs approval,
2 block, 3 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, NoReturn

EXIT_CODES = {"allow": 0, "needs_approval": 1, "block": 2}
EXIT_BAD_INPUT = 3
DEFAULT_PROFILE = "shire"
# Options only the draft check has; Django's own `check` has none of them.
OWN_OPTIONS = ("--json", "--channel", "--school")


class BadInput(Exception):
    """The command line or its files cannot be checked."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(message)


def is_draft_check(args: list[str]) -> bool:
    """Return whether `schoolgate check ARGS` means this command, not Django's."""
    if any(a.split("=", 1)[0] in OWN_OPTIONS for a in args):
        return True
    # Django's check takes app labels, which never look like paths.
    return any(not a.startswith("-") and ("." in a or "/" in a) for a in args)


def check_main(argv: list[str], *, stdout: IO[str] | None = None) -> int:
    """Run `schoolgate check`; return the exit status."""
    out = stdout or sys.stdout
    try:
        args = _parser().parse_args(argv)
        body = _read(args.file)
        for photo in args.photos:
            if not photo.is_file():
                raise BadInput(f"no such photo: {photo}")
        decision = _decide(args, body)
    except BadInput as error:
        print(f"schoolgate check: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        findings = [
            {k: f.as_dict()[k] for k in ("rule", "kind", "reason", "source", "span")}
            for f in decision.findings
        ]
        out.write(json.dumps({"decision": decision.outcome, "findings": findings}) + "\n")
    else:
        for f in decision.findings:
            out.write(f"{f.severity.upper():<9}{f.reason} ({f.source})\n")
        out.write(f"Decision: {decision.outcome.replace('_', ' ')}\n")
    return EXIT_CODES[decision.outcome]


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="schoolgate check", description="Check a Markdown draft post.")
    parser.add_argument("--school", help="the school's slug: its policy and roster")
    parser.add_argument("--channel", choices=("blog", "social"), default="blog")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("file", type=Path, help="the draft, as Markdown")
    parser.add_argument("photos", type=Path, nargs="*", help="the post's photos")
    return parser


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror}") from None


def _decide(args: argparse.Namespace, body: str):  # type: ignore[no-untyped-def]
    # No school: no Django and no database, so not the adapter but a built-in profile.
    from schoolgate.policy.engine import load_profile
    from schoolgate.publishing.checks import Draft, PhotoInfo, check_draft

    photos = [PhotoInfo(file_name=p.name) for p in args.photos]
    if not args.school:
        draft = Draft(body, photos=photos, channel=args.channel)
        return check_draft(load_profile(DEFAULT_PROFILE), draft)
    return _decide_for_school(args.school, body, photos, args.channel)


def _decide_for_school(slug: str, body: str, photos: list, channel: str):  # type: ignore[no-untyped-def,type-arg]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolgate.config.settings.local")
    import django

    django.setup()
    from schoolgate.people.models import School
    from schoolgate.publishing.checks import Draft
    from schoolgate.publishing.policy import draft_decision
    from schoolgate.publishing.selectors import roster_for

    school = School.objects.filter(slug=slug).first()
    if school is None:
        raise BadInput(f"no school with the slug {slug!r}")
    draft = Draft(body, photos=photos, channel=channel, roster=roster_for(school))
    return draft_decision(school, draft)
