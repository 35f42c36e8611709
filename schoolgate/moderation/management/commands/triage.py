"""`schoolgate triage --school SLUG [--input FILE]`: triage as that school would.

The same command line as without `--school` (`schoolgate.checks.cli`), given
the school's roster (pupils, staff and parents from the database) and its
own phrases (`moderation.triage`, from its profile or overrides), exactly as
the web queue gets them (`schoolgate.moderation.triaging.school_triage_inputs`).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from schoolgate.checks.cli import TriageSettings, triage_main
from schoolgate.people.models import School


def school_triage_settings(school: School) -> TriageSettings:
    """Return the school's triage inputs: the same function the web queue uses."""
    from schoolgate.moderation.triaging import school_triage_inputs

    return school_triage_inputs(school)


class Command(BaseCommand):
    help = "Triage comments (JSON lines in, JSON lines out) with a school's roster and policy."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--school", required=True, metavar="SLUG")
        parser.add_argument("--input", help="read this file instead of standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"no school with slug {options['school']!r}")
        argv = ["--input", options["input"]] if options["input"] else []
        status = triage_main(argv, settings=school_triage_settings(school))
        if status:
            sys.exit(status)
