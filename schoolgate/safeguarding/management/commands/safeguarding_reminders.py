"""Email people their safeguarding follow-up tasks due by tomorrow or overdue (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schoolgate.safeguarding.services import task_reminders_send


class Command(BaseCommand):
    help = (
        "Email each assignee once a day about safeguarding follow-up tasks due by "
        "tomorrow or overdue; a links-only email. Safe to run more than once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url", default="", help="The site's address, for the links in the emails."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = task_reminders_send(base_url=options["base_url"].rstrip("/"))
        self.stdout.write(f"Reminded {sent} person(s) of safeguarding tasks.")
