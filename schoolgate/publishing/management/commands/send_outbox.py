"""Queue every outbox delivery and withdrawal that is due or was left half sent."""

from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.publishing.outbox import outbox_sweep


class Command(BaseCommand):
    help = (
        "Queue again every outbox item that is due: retries whose time has come, items "
        "whose task was lost, and items a stopped worker left 'sending' (deliveries and "
        "takedown withdrawals alike). A half-sent item resumes by its idempotency key, "
        "asking the platform first, so nothing is posted twice. `schoolgate schedule` "
        "runs it every few minutes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = outbox_sweep()
        self.stdout.write(f"{count} outbox item(s) queued again.")
