"""Lapse unapproved drafts past the profile's limit, warning authors first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.publishing.services import posts_lapse


class Command(BaseCommand):
    help = (
        "Warn authors of unapproved drafts about to lapse and lapse those past the "
        "profile's draft_expiry_days. Run daily; running it again does nothing new."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        report = posts_lapse(dry_run=dry_run)
        verb = "would" if dry_run else "did"
        self.stdout.write(
            f"{len(report.warned)} author(s) {verb} get a warning; "
            f"{len(report.lapsed)} draft(s) {verb} lapse."
        )
