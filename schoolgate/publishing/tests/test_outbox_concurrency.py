"""Two workers given the same outbox item at once: it goes out once (PostgreSQL).

SQLite serialises writers on the whole database, so the race is only real on
PostgreSQL, where the claim's row lock decides it.
"""

import threading
import time

import pytest
from django.db import connection

from schoolgate.people.tests.factories import RoleFactory, SchoolFactory, UserFactory
from schoolgate.publishing import connectors, services
from schoolgate.publishing.connectors import LocalOutbox
from schoolgate.publishing.models import Channel, LocalDelivery, OutboxItem
from schoolgate.publishing.outbox import outbox_send

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks between connections"
    ),
]


class Slow(LocalOutbox):
    def publish(self, message):
        time.sleep(0.3)  # the platform takes its time; the other worker arrives meanwhile
        return super().publish(message)


class _NoQueue:
    """Keep the item queued but unsent, so the two workers below race for it."""

    def enqueue(self, *args):
        return None


def test_two_workers_racing_for_one_item_post_it_once(monkeypatch):
    monkeypatch.setitem(connectors.CONNECTORS, "facebook", Slow)
    school = SchoolFactory(profile="shire")
    head = UserFactory()
    RoleFactory(user=head, school=school, role="head")
    channel = Channel.objects.create(school=school, kind="facebook", name="FB")
    monkeypatch.setattr("schoolgate.publishing.tasks.send_outbox_item", _NoQueue())
    post = services.post_create(
        school=school, title="Race", body="A concert.", actor=head, channels=[channel]
    )
    post = services.post_publish(post=post, actor=head)
    item = OutboxItem.objects.get(post=post)
    results = []

    def worker():
        try:
            results.append(outbox_send(item.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert LocalDelivery.objects.filter(channel=channel).count() == 1
    assert sorted(results) == ["sending", "sent"]
    item.refresh_from_db()
    assert item.status == "sent"
