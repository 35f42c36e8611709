"""A channel that stops working shows as broken, the head is told once, and a
post can be re-shared to it once it works again."""

import pytest
from django.core import mail
from django.urls import reverse

from schoolgate.publishing import connectors, services
from schoolgate.publishing.connectors import ConnectorError, CredentialsRejected, LocalOutbox
from schoolgate.publishing.models import Channel, LocalDelivery, OutboxItem
from schoolgate.publishing.outbox import outbox_send


class Failing(LocalOutbox):
    error: Exception = ConnectorError("connection refused")

    def publish(self, message):
        raise self.error


@pytest.fixture
def failing(monkeypatch):
    monkeypatch.setitem(connectors.CONNECTORS, "facebook", Failing)
    monkeypatch.setattr(Failing, "error", ConnectorError("connection refused"))
    return Failing


@pytest.fixture
def item(make_post, personas, channels, django_capture_on_commit_callbacks):
    post = make_post(channels=[channels["blog"], channels["facebook"]])
    with django_capture_on_commit_callbacks(execute=False):
        services.post_submit(post=post, actor=personas.teacher)
    return OutboxItem.objects.get(post=post, channel=channels["facebook"])


def _send(item, capture):
    with capture(execute=True):
        return outbox_send(item.pk)


def test_an_expired_token_breaks_the_channel_and_tells_the_head_once(
    failing, item, personas, django_capture_on_commit_callbacks
):
    failing.error = CredentialsRejected("token expired")
    _send(item, django_capture_on_commit_callbacks)
    OutboxItem.objects.filter(pk=item.pk).update(status="retrying")
    _send(item, django_capture_on_commit_callbacks)
    channel = Channel.objects.get(pk=item.channel_id)
    assert channel.status == "broken"
    assert "token expired" in channel.status_note
    assert len(mail.outbox) == 1
    assert personas.head.email in mail.outbox[0].to
    assert "is broken" in mail.outbox[0].subject


def test_a_channel_that_keeps_failing_is_broken_while_retries_go_on(
    failing, item, django_capture_on_commit_callbacks
):
    for _ in range(3):
        item = _send(item, django_capture_on_commit_callbacks)
    assert item.status == "retrying"
    assert Channel.objects.get(pk=item.channel_id).status == "broken"
    assert len(mail.outbox) == 1


def test_one_failure_does_not_break_a_channel(failing, item, django_capture_on_commit_callbacks):
    _send(item, django_capture_on_commit_callbacks)
    assert Channel.objects.get(pk=item.channel_id).status == "ok"
    assert mail.outbox == []


def test_the_dashboard_shows_a_broken_channel_to_the_head(client, personas, channels, sign_in):
    Channel.objects.filter(pk=channels["facebook"].pk).update(
        status="broken", status_note="Facebook: token expired"
    )
    sign_in(personas.head)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "Channels not working" in page
    assert "token expired" in page


def test_a_withdrawn_post_can_be_reshared_and_a_sent_one_is_not_sent_again(
    item, personas, django_capture_on_commit_callbacks
):
    item = outbox_send(item.pk)
    assert item.status == "sent"
    with django_capture_on_commit_callbacks(execute=True):
        same = services.post_reshare(post=item.post, channel=item.channel, actor=personas.head)
    assert same == item  # the existing delivery answers
    assert LocalDelivery.objects.filter(channel=item.channel).count() == 1
    OutboxItem.objects.filter(pk=item.pk).update(status="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.post_reshare(post=item.post, channel=item.channel, actor=personas.head)
    again.refresh_from_db()
    assert again.status == "sent"
    assert again.idempotency_key == f"{item.idempotency_key}-r1"
    assert LocalDelivery.objects.filter(channel=item.channel).count() == 2


def test_the_post_page_offers_to_reshare_to_a_failed_channel(
    client, failing, item, personas, sign_in
):
    OutboxItem.objects.filter(pk=item.pk).update(status="failed", attempts=8)
    sign_in(personas.teacher)
    page = client.get(f"/publishing/{item.post_id}/").content.decode()
    assert f"Re-share to {item.channel}" in page
