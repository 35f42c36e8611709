"""Queue again the photos a stopped worker left waiting or half checked."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schoolgate.photos.services import photos_resume


class Command(BaseCommand):
    help = (
        "Queue again every photo left 'waiting' or 'being checked' for more than five "
        "minutes (a worker stopped mid-batch). Safe to run at any time; `schoolgate serve` "
        "runs it with --all at start-up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Queue every photo still waiting or being checked, however recent "
            "(at start-up, before any worker runs, none of them is being checked).",
        )

    def handle(self, *args: Any, all: bool, **options: Any) -> None:
        count = photos_resume(stuck_after=dt.timedelta(0)) if all else photos_resume()
        self.stdout.write(f"{count} photo(s) queued again.")
