"""`schoolgate import {pupils,parents,staff} --school SLUG FILE [--dry-run] [--as EMAIL]`.

With `--as`, the import runs as that person, exactly as their upload on the
web page would: they must be allowed to import the kind at the school, a
staff file grants only the roles they may grant (never to themselves), and
the audit log names them.

Exit status: 0 when every row went in, 1 when some rows were refused (each is
listed with its line), 3 when the input itself is bad (unknown school, a file
that cannot be read or is not a CSV of that kind).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.core.permissions import can
from schoolgate.people.imports import ImportRefused, decode
from schoolgate.people.models import ImportJob, School
from schoolgate.people.services import BATCH, ImportReport, people_import

BAD_INPUT = 3


class Command(BaseCommand):
    help = "Import pupils, parents or staff from a CSV file exported from the school's MIS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportJob.Kind.values, help="What the file holds.")
        parser.add_argument("file", type=Path, help="The CSV file (see docs/import.md).")
        parser.add_argument("--school", required=True, help="The school's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help="Import as this person (their permissions and name in the audit log).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).select_related("trust").first()
        if school is None:
            raise CommandError(f"No school with the slug {options['school']!r}.", returncode=3)
        actor = self._actor(options["as_email"], school, options["kind"])
        try:
            text = decode(options["file"].read_bytes())
            report = people_import(
                school=school,
                kind=options["kind"],
                text=text,
                dry_run=options["dry_run"],
                actor=actor,
                progress=self._progress,
                filename=options["file"].name,
            )
        except (OSError, ImportRefused) as error:
            raise CommandError(f"{options['file']}: {error}", returncode=BAD_INPUT) from None
        self._summarise(report)
        if report.errors:
            raise SystemExit(1)

    def _actor(self, email: str | None, school: School, kind: str) -> Any:
        """Return the person the import runs as, or None when no one is named."""
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active login with the email {email!r}.", returncode=BAD_INPUT)
        if not can(user, f"people.import_{kind}", school):
            raise CommandError(
                f"{email} may not import {kind} at {school.slug}.", returncode=BAD_INPUT
            )
        return user

    def _progress(self, report: ImportReport) -> None:
        if report.total > BATCH and report.processed:
            self.stderr.write(f"{report.processed} of {report.total} rows", ending="\n")

    def _summarise(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stdout.write(f"line {error['line']}: {error['reason']}")
        would = "would be " if report.dry_run else ""
        self.stdout.write(
            f"{report.total} rows: {report.created} {would}added, {report.updated} {would}"
            f"changed, {report.unchanged} unchanged, {len(report.errors)} refused."
        )
        if report.dry_run:
            self.stdout.write("Dry run: nothing was changed.")
