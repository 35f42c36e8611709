"""`schoolgate backup OUT.zip`: the whole installation in one archive (keys apart)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.core.backup import KEYS, backup_write


class Command(BaseCommand):
    help = (
        "Write every row, every file kept on this machine and a manifest (with a "
        "fingerprint of each key the data needs, never the keys) to one ZIP archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="the archive to write, e.g. backup.zip")

    def handle(self, *args: Any, out: Path, **options: Any) -> None:
        if out.exists():
            raise CommandError(f"{out} exists already; name a new file.")
        summary = backup_write(out, progress=lambda line: self.stdout.write(f"  {line}"))
        listed = f", {summary.listed_files} listed in the object store" * bool(
            summary.listed_files
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out}: {summary.total_rows} rows, {summary.files} files{listed}."
            )
        )
        self.stdout.write(
            "Keep these keys apart from the archive; a restore needs the same ones: "
            + ", ".join(KEYS)
        )
