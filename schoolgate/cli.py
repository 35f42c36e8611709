"""The `schoolgate` command.

Schoolgate's own sub-commands are Django management commands (demo, serve,
import, policy, audit), so every Django command passes through too
(`schoolgate migrate`, `schoolgate createsuperuser`).
"""

from __future__ import annotations

import importlib
import os
import sys

# Commands that need no database when run without --school: they start fast
# and never touch Django.
STANDALONE = {
    "triage": ("schoolgate.checks.cli", "triage_main"),
    "check-photo": ("schoolgate.checks.photos.cli", "check_photo_main"),
    "strip-photo": ("schoolgate.checks.photos.cli", "strip_photo_main"),
}

OWN_COMMANDS = {
    "demo": "load the demo trust into an empty database and print its logins",
    "serve": "run the production web server, a task worker and the scheduler together",
    "schedule": "run the routine jobs (reminders, lapses, takedowns, comments) on time",
    "import": "import pupils, parents or staff from the MIS as CSV",
    "policy": "list, show and compare the policy profiles",
    "audit": "verify the audit trail",
    "triage": "triage comments (JSON lines in, JSON lines out)",
    "check-photo": "report a photo's faces, metadata and device",
    "strip-photo": "write a photo's public rendition with no metadata",
    "check": "check a Markdown draft post against the policy (or Django's checks)",
    "retention": "delete what the retention rule says has expired (--dry-run: count only)",
    "subject-access": "write everything held about one person to a ZIP",
}
# Commands spelled with a hyphen on the command line, and their Django names.
ALIASES = {"subject-access": "subject_access"}


def _usage() -> str:
    lines = ["usage: schoolgate COMMAND [options]", "", "Schoolgate commands:"]
    lines += [f"  {name:<14} {text}" for name, text in OWN_COMMANDS.items()]
    lines += ["", "Any Django management command works too, e.g. `schoolgate migrate`."]
    lines += ["Run `schoolgate COMMAND --help` for a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    command, rest = ALIASES.get(argv[1], argv[1]), argv[2:]
    if command == "check":
        from schoolgate.publishing.cli import check_main, is_draft_check

        if is_draft_check(rest):
            return check_main(rest)
    if command in STANDALONE and "--school" not in rest:
        module, function = STANDALONE[command]
        entry = getattr(importlib.import_module(module), function)
        return int(entry(rest))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schoolgate.config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["schoolgate", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
