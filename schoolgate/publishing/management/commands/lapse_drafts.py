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
        warned, lapsed = len(report.warned), len(report.lapsed)
        if dry_run:
            text = f"{warned} author(s) would be warned; {lapsed} draft(s) would lapse."
        else:
            text = f"{warned} author(s) warned; {lapsed} draft(s) lapsed."
        self.stdout.write(text)
