"""Ask parents to renew photo consent before it lapses, and remind them (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schoolgate.consent.services import consent_renewals_send
from schoolgate.people.models import School


class Command(BaseCommand):
    help = (
        "Email the parents of pupils whose photo consent is due for renewal or has "
        "lapsed, once per lapse cycle, with reminders after 7 and 14 days while it is "
        "unanswered; a links-only email. Parents without email are listed for a "
        "printed letter. Safe to run more than once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url", default="", help="The site's address, for the links in the emails."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base = options["base_url"].rstrip("/")
        totals: dict[str, int] = {}
        for school in School.objects.select_related("trust"):
            for key, count in consent_renewals_send(school=school, base_url=base).items():
                totals[key] = totals.get(key, 0) + count
        self.stdout.write(
            f"Sent {totals.get('request', 0)} renewal request(s), "
            f"{totals.get('reminder_7', 0) + totals.get('reminder_14', 0)} reminder(s); "
            f"{totals.get('letters', 0)} family(ies) need a letter."
        )
