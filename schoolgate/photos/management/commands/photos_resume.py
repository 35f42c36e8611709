"""Queue again the photos a stopped worker left waiting or half checked."""

from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.photos.services import photos_resume


class Command(BaseCommand):
    help = (
        "Queue again every photo left 'waiting' or 'being checked' for more than five "
        "minutes (a worker stopped mid-batch). Safe to run at any time, e.g. at start-up."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = photos_resume()
        self.stdout.write(f"{count} photo(s) queued again.")
