"""Send the policy review and sign-off reminders that are due (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.compliance.tasks import compliance_reminders_task


class Command(BaseCommand):
    help = (
        "Queue the daily compliance reminders: reviewers when a review is near, "
        "staff who have not signed the current policy, staff whose declarations are "
        "due to be confirmed again. Safe to run more than once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = compliance_reminders_task.enqueue()
        self.stdout.write(f"Queued compliance reminders ({result.id}).")
