"""`schoolgate triage --school SLUG [--input FILE]`: triage as that school would.

The same command line as without `--school` (`schoolgate.checks.cli`), given
the school's roster (pupils, staff and parents from the database) and, when
its profile or overrides set them, its own phrases and thresholds
(`moderation.triage` parameters `phrases` and `thresholds`).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from schoolgate.checks.cli import TriageSettings, triage_main
from schoolgate.people.models import School

TRIAGE_RULE = "moderation.triage"


def school_triage_settings(school: School) -> TriageSettings:
    """Return the school's roster and, where its policy names them, phrases and thresholds."""
    from schoolgate.moderation.triaging import roster_matcher
    from schoolgate.policy.engine import REGISTRY
    from schoolgate.policy.selectors import school_policy

    phrases: dict[str, list[str]] | None = None
    thresholds: dict[str, float] = {}
    if TRIAGE_RULE in REGISTRY:
        policy = school_policy(school)
        params = REGISTRY[TRIAGE_RULE].params
        if "phrases" in params:
            phrases = dict(policy.param(TRIAGE_RULE, "phrases") or {}) or None
        if "thresholds" in params:
            thresholds = dict(policy.param(TRIAGE_RULE, "thresholds") or {})
    return TriageSettings(roster_matcher(school), phrases, thresholds)


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
