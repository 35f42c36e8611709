from typing import Any

from django.core.management.base import BaseCommand

from schoolgate.notifications.models import Delivery
from schoolgate.notifications.services import digests_send


class Command(BaseCommand):
    help = "Send each person the notifications they chose to get as an hourly digest."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send(delivery=Delivery.HOURLY)
        self.stdout.write(f"{sent} hourly digest(s) sent.")
