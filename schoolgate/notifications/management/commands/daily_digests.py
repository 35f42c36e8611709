from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.notifications.models import Delivery
from schoolgate.notifications.services import digests_send


class Command(BaseCommand):
    help = "Send each person the notifications they chose to get as a daily digest."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send(delivery=Delivery.DAILY)
        self.stdout.write(f"{sent} daily digest(s) sent.")
