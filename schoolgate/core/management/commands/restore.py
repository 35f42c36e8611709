"""`schoolgate restore IN.zip`: bring a backup back into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.core.backup import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Migrate an empty database and load a `schoolgate backup` archive into it, "
        "then verify the audit trail. Refuses a database that holds a trust, and keys "
        "that differ from the ones the backup was made with."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive `schoolgate backup` wrote")

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            summary = backup_restore(archive, progress=lambda line: self.stdout.write(f"  {line}"))
        except RestoreRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored {summary.total_rows} rows and {summary.files} files.")
        )
        call_command("audit", "verify", stdout=self.stdout)
