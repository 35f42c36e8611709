"""Near-simultaneous clicks never send a post twice, and never fail (issue 13, item 6).

Re-sharing takes one idempotency key per (post version, channel, intent)
under the post's row lock: every click of the same intent computes the same
key, the first queues the delivery, and the others answer with it.

Real concurrency needs row locks between connections: PostgreSQL. The test
settings' SQLite is one in-memory connection shared by every thread, so two
requests there cannot overlap at all; these tests skip on it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import make_personas, signed_in
from schoolgate.publishing import services
from schoolgate.publishing.models import Channel, LocalDelivery, OutboxItem

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent connections with row locks"
    ),
]

CLICKS = 6


def _published_post(personas, *, facebook_on: bool):
    school = personas.school
    Channel.objects.create(school=school, kind="blog", name="News")
    facebook = Channel.objects.create(
        school=school, kind="facebook", name="Larkspur on Facebook", is_active=facebook_on
    )
    post = services.post_create(
        school=school,
        title="Concert",
        body="A lovely concert in the hall.",
        actor=personas.head,
        channels=list(Channel.objects.filter(school=school)),
    )
    return services.post_submit(post=post, actor=personas.head), facebook


def _click_together(url: str, user) -> list[int]:
    """POST the url from CLICKS browsers at once; return the status codes."""
    clients = [signed_in(Client(), user) for _ in range(CLICKS)]
    start = threading.Barrier(CLICKS)
    codes: list[int] = []

    def click(client: Client) -> None:
        try:
            start.wait()
            codes.append(client.post(url).status_code)
        except Exception:  # noqa: BLE001  a 500 raised through the test client
            codes.append(500)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def test_clicks_at_once_after_a_withdrawal_post_once():
    personas = make_personas()
    post, facebook = _published_post(personas, facebook_on=True)
    first = OutboxItem.objects.get(post=post, channel=facebook)
    assert first.status == "sent"
    OutboxItem.objects.filter(pk=first.pk).update(status="withdrawn")
    LocalDelivery.objects.update(withdrawn_at=first.sent_at)

    url = reverse("publishing:reshare", kwargs={"pk": post.pk, "channel": facebook.pk})
    codes = _click_together(url, personas.head)

    assert codes == [302] * CLICKS
    live = LocalDelivery.objects.filter(channel=facebook, withdrawn_at__isnull=True)
    assert live.count() == 1
    assert OutboxItem.objects.filter(post=post, channel=facebook).count() == 2


def test_clicks_at_once_with_no_delivery_yet_answer_without_error():
    personas = make_personas()
    post, facebook = _published_post(personas, facebook_on=False)
    assert not OutboxItem.objects.filter(post=post).exists()
    Channel.objects.filter(pk=facebook.pk).update(is_active=True)

    url = reverse("publishing:reshare", kwargs={"pk": post.pk, "channel": facebook.pk})
    codes = _click_together(url, personas.head)

    assert codes == [302] * CLICKS
    assert LocalDelivery.objects.filter(channel=facebook).count() == 1
    assert OutboxItem.objects.filter(post=post, channel=facebook).count() == 1
