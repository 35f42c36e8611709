"""Take down the posts of pupils who left (imports record leavers in bulk)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.publishing.takedowns import leavers_take_down, leavers_to_take_down


class Command(BaseCommand):
    help = (
        "Withdraw every published post showing a pupil who has left, on every channel. "
        "Run daily; each leaver is dealt with once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List the leavers; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            for pupil in leavers_to_take_down():
                self.stdout.write(f"would take down posts showing pupil {pupil.mis_id}")
            return
        done = leavers_take_down()
        steps = sum(t.steps.count() for t in done)
        self.stdout.write(f"{len(done)} leaver(s); {steps} step(s) taken.")
