"""Fetch comments from the schools' external channels into the moderation queue."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from schoolgate.moderation.channels import comments_fetch_all, platform_blocks_lift
from schoolgate.people.models import School


class Command(BaseCommand):
    help = (
        "Fetch the comments under posts sent to each school's active social channels and "
        "add the new ones to the moderation queue, triaged. Safe to run again: a comment "
        "is stored once; a channel that fails is tried again on the next run. Then "
        "unblock on its platform each account whose commenter block has ended (once "
        "each; a refusal is tried again). Run it from cron, e.g. every ten minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", metavar="SLUG", help="Only this school.")

    def handle(self, *args: Any, school: str | None = None, **options: Any) -> None:
        schools = None
        if school:
            schools = list(School.objects.filter(slug=school))
            if not schools:
                raise CommandError(f"No school with the slug {school!r}.")
        summary = comments_fetch_all(schools=schools)
        self.stdout.write(
            f"{summary.stored} new comment(s) queued, {summary.already} already in the queue."
        )
        for problem in summary.failed:
            self.stderr.write(f"Not fetched (tried again next run): {problem}")
        lifted = platform_blocks_lift(schools=schools)
        self.stdout.write(f"{lifted.unblocked} account(s) unblocked after their block ended.")
        for problem in lifted.failed:
            self.stderr.write(f"Not unblocked (tried again next run): {problem}")
