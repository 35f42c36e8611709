from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.publishing.oversight import weekly_summary_send


class Command(BaseCommand):
    help = (
        "Email each school's head last week's posts published without approval "
        "(once a week; a repeat run sends nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = weekly_summary_send()
        self.stdout.write(f"{sent} weekly summary(ies) sent.")
