"""The outbox: one delivery per channel whatever fails, and no post lost.

Failures are injected before the request, during it (the platform got
nothing), after the platform accepted it (the response was lost), and as a
worker crash after the platform accepted but before the result was saved.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from schoolgate.publishing import connectors, services
from schoolgate.publishing.connectors import ConnectorError, CredentialsRejected, LocalOutbox
from schoolgate.publishing.models import Channel, LocalDelivery, OutboxItem
from schoolgate.publishing.outbox import STALE_AFTER, backoff, outbox_due, outbox_send
from schoolgate.publishing.tasks import send_due_outbox


class WorkerCrash(BaseException):
    """The process dies: nothing after this point runs, not even except blocks."""


class Faulty(LocalOutbox):
    """The local transport with one failure injected at a chosen moment."""

    plan: list[str] = []

    def publish(self, message):
        fault = self.plan.pop(0) if self.plan else None
        if fault == "before":
            raise ConnectorError("connection refused")
        if fault == "during":
            raise TimeoutError("read timed out before the platform took it")
        remote = super().publish(message)
        if fault == "after":
            raise TimeoutError("read timed out after the platform took it")
        if fault == "crash":
            raise WorkerCrash
        if fault == "expired":
            raise CredentialsRejected("token expired")
        return remote


@pytest.fixture
def faulty(monkeypatch):
    monkeypatch.setitem(connectors.CONNECTORS, "facebook", Faulty)
    monkeypatch.setattr(Faulty, "plan", [])
    return Faulty


@pytest.fixture
def published(make_post, personas, channels, submit):
    def _published():
        post = make_post(channels=[channels["blog"], channels["facebook"]])
        return submit(post, personas.teacher)

    return _published


def _deliveries(channel):
    return LocalDelivery.objects.filter(channel=channel).count()


def test_publishing_sends_each_channel_once_through_the_task(
    make_post, personas, channels, submit
):
    post = make_post()
    submit(post, personas.teacher)
    items = OutboxItem.objects.filter(post=post)
    assert {i.status for i in items} == {"sent"}
    assert _deliveries(channels["facebook"]) == 1
    assert _deliveries(channels["mastodon"]) == 1
    delivery = LocalDelivery.objects.get(channel=channels["facebook"])
    assert "Music afternoon" in delivery.text
    assert f"/news/larkspur/{post.slug}/" in delivery.link


def test_publishing_twice_queues_nothing_new(published, personas, channels):
    post = published()
    services.post_publish(post=post, actor=personas.teacher)
    assert OutboxItem.objects.filter(post=post).count() == 1
    assert _deliveries(channels["facebook"]) == 1


@pytest.mark.parametrize("fault", ["before", "during", "after"])
def test_a_failed_attempt_is_retried_and_posts_exactly_once(fault, faulty, published, channels):
    faulty.plan = [fault]
    post = published()
    item = OutboxItem.objects.get(post=post)
    assert item.status == "retrying"
    assert item.next_attempt_at is not None
    assert "TimeoutError" in item.last_error or "connection refused" in item.last_error
    again = outbox_send(item.pk)
    assert again.status == "sent"
    assert _deliveries(channels["facebook"]) == 1
    assert again.remote_id == f"local-{LocalDelivery.objects.get().pk}"


def test_a_worker_crash_after_the_platform_accepted_is_reconciled_not_reposted(
    faulty, make_post, personas, channels, submit
):
    faulty.plan = ["crash"]
    post = make_post(channels=[channels["facebook"]])
    # The task runner swallows the crash (as a dead worker would report nothing).
    submit(post, personas.teacher)
    item = OutboxItem.objects.get(post=post)
    assert item.status == "sending"
    assert _deliveries(channels["facebook"]) == 1
    # Another worker picks it up while the first might still be busy: it waits.
    assert outbox_send(item.pk).status == "sending"
    later = timezone.now() + STALE_AFTER + timedelta(seconds=1)
    assert outbox_due(later) == [item.pk]
    assert outbox_send(item.pk, now=later).status == "sent"
    assert _deliveries(channels["facebook"]) == 1


def test_a_crash_before_the_platform_got_it_is_sent_by_the_sweeper(
    faulty, make_post, personas, channels, monkeypatch, submit
):
    # The enqueue is lost entirely (the worker died before it ran).
    class LostQueue:
        def enqueue(self, *args):
            return None

    monkeypatch.setattr("schoolgate.publishing.tasks.send_outbox_item", LostQueue())
    post = make_post(channels=[channels["facebook"]])
    submit(post, personas.teacher)
    item = OutboxItem.objects.get(post=post)
    assert item.status == "pending"
    assert outbox_due(timezone.now() + timedelta(minutes=2)) == [item.pk]
    assert outbox_send(item.pk).status == "sent"
    assert _deliveries(channels["facebook"]) == 1


def test_the_sweeper_task_sends_due_retries(faulty, published):
    faulty.plan = ["before"]
    post = published()
    item = OutboxItem.objects.get(post=post)
    OutboxItem.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    assert send_due_outbox.call() == 1
    item.refresh_from_db()
    assert item.status == "sent"


def test_an_expired_token_marks_the_channel_broken_and_stops_retrying(faulty, published, channels):
    faulty.plan = ["expired"]
    post = published()
    item = OutboxItem.objects.get(post=post)
    assert item.status == "failed"
    channel = Channel.objects.get(pk=channels["facebook"].pk)
    assert channel.status == "broken"
    assert "token expired" in channel.status_note


def test_a_sent_item_is_never_sent_again(published, channels):
    post = published()
    item = OutboxItem.objects.get(post=post)
    assert outbox_send(item.pk).status == "sent"
    assert _deliveries(channels["facebook"]) == 1


def test_back_off_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == timedelta(hours=1)


def test_a_failed_item_sent_again_on_demand_posts_once(
    faulty, published, channels, personas, django_capture_on_commit_callbacks
):
    from schoolgate.publishing.outbox import outbox_resend

    # The platform kept the post but answered "token expired": the item failed.
    faulty.plan = ["expired"]
    item = OutboxItem.objects.get(post=published())
    assert item.status == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend(item=item, actor=personas.teacher)
    item.refresh_from_db()
    assert item.status == "sent"
    assert _deliveries(channels["facebook"]) == 1
