"""Delete what the profile's `data.retention` rule says has expired (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.dataprotection.retention import KINDS, RetentionResult, retention_run
from schoolgate.people.models import School


class Command(BaseCommand):
    help = (
        "Delete monitoring copies of fetched comments, comment texts kept as evidence, "
        "copies of what was sent, photos in posts never published and lapsed or replaced "
        "consent answers once the school's retention period for each has ended; write the "
        "count per kind to the audit trail. Safeguarding records past their date are "
        "listed for the DSL, never deleted. --dry-run counts and deletes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")
        parser.add_argument("--school", default="", help="One school's slug (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = School.objects.select_related("trust").order_by("slug")
        if options["school"]:
            schools = schools.filter(slug=options["school"])
            if not schools:
                raise CommandError(f"No school {options['school']!r}.")
        for school in schools:
            self._report(retention_run(school=school, dry_run=options["dry_run"]))

    def _report(self, result: RetentionResult) -> None:
        # Comment evidence is blanked, not deleted: "remove" covers both.
        verb = "would remove" if result.dry_run else "removed"
        self.stdout.write(f"{result.school.slug}: {verb} {result.total} item(s)")
        for kind, title in KINDS.items():
            self.stdout.write(f"  {kind}: {result.counts[kind]}  ({title})")
        if result.safeguarding_due:
            self.stdout.write(
                f"  safeguarding: {len(result.safeguarding_due)} record(s) past their "
                "retention date, kept until the DSL records a decision:"
            )
            for due in result.safeguarding_due:
                self.stdout.write(f"    record {due.record.pk}, due {due.retain_until:%Y-%m-%d}")
