"""`schoolgate consent_import --school SLUG FILE [--dry-run]`.

Records the parents' answers in a CSV of returned consent forms (columns in
`schoolgate.consent.imports`). Exit status: 0 when every line went in, 1 when
some were refused (each listed with its line), 3 for bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.consent.imports import consent_import
from schoolgate.people.imports import ImportRefused, decode
from schoolgate.people.models import School

BAD_INPUT = 3


class Command(BaseCommand):
    help = "Record parents' photo-consent answers from a CSV file of returned forms."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file of consent forms.")
        parser.add_argument("--school", required=True, help="The school's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with the slug {options['school']!r}.", returncode=3)
        try:
            report = consent_import(
                school=school,
                text=decode(options["file"].read_bytes()),
                actor=None,
                dry_run=options["dry_run"],
                filename=options["file"].name,
            )
        except (OSError, ImportRefused) as error:
            raise CommandError(f"{options['file']}: {error}", returncode=BAD_INPUT) from None
        for refused in report.errors:
            self.stdout.write(f"line {refused['line']}: {refused['reason']}")
        would = "would be " if report.dry_run else ""
        self.stdout.write(
            f"{report.total} lines: {report.created} {would}recorded, "
            f"{report.unchanged} already on record, {len(report.errors)} refused."
        )
        if report.errors:
            raise SystemExit(1)
