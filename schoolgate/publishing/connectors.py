"""The interface every channel connector offers, and the local "outbox" transport.

A connector speaks to one platform for one channel. The outbox (see
`outbox.py`) calls `publish` at most once per attempt and, before trying
again after a failure, calls `find` with the message's idempotency key, so a
post the platform accepted before the connection dropped is recorded instead
of posted a second time. Real connectors implement `find` from what the
platform offers: Bluesky (atproto) and the Graph API let the client choose or
tag the record; X (tweepy) and Mastodon (Mastodon.py: its `idempotency_key`
header lasts an hour) are searched in the account's recent posts for the key,
which `Message.text_with_marker` carries invisibly-short at the end.

The local transport records what would have been sent (LocalDelivery); the
demo and the tests use it, and it accepts duplicates as a real platform
would, so a double post shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from schoolgate.publishing.models import Channel, LocalDelivery


@dataclass(frozen=True, slots=True)
class Message:
    """What goes out to a channel for one post."""

    idempotency_key: str
    title: str
    text: str
    link: str


@dataclass(frozen=True, slots=True)
class Remote:
    """Where the platform keeps the post."""

    id: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment under a post on a platform."""

    id: str
    author_id: str
    author_name: str
    text: str
    at: datetime


class ConnectorError(Exception):
    """The platform did not take the request; `retryable` says whether to try again."""

    retryable = True


class CredentialsRejected(ConnectorError):
    """The token has expired or was revoked: a person must reconnect the channel."""

    retryable = False


class Connector(Protocol):
    """What the outbox and moderation need from a platform."""

    def publish(self, message: Message) -> Remote: ...

    def find(self, idempotency_key: str) -> Remote | None: ...

    def withdraw(self, remote_id: str) -> None: ...

    def fetch_comments(self, remote_id: str) -> list[Comment]: ...

    def hide_comment(self, comment_id: str) -> None: ...

    def delete_comment(self, comment_id: str) -> None: ...

    def block_user(self, user_id: str) -> None: ...


class LocalOutbox:
    """The local transport: records messages in the database instead of sending them."""

    def __init__(self, channel: Channel):
        self.channel = channel

    def publish(self, message: Message) -> Remote:
        delivery = LocalDelivery.objects.create(
            channel=self.channel,
            idempotency_key=message.idempotency_key,
            text=message.text,
            link=message.link,
        )
        return Remote(f"local-{delivery.pk}")

    def find(self, idempotency_key: str) -> Remote | None:
        delivery = (
            LocalDelivery.objects.filter(channel=self.channel, idempotency_key=idempotency_key)
            .order_by("pk")
            .first()
        )
        return Remote(f"local-{delivery.pk}") if delivery else None

    def withdraw(self, remote_id: str) -> None:
        LocalDelivery.objects.filter(
            channel=self.channel, pk=int(remote_id.removeprefix("local-"))
        ).update(withdrawn_at=timezone.now())

    def fetch_comments(self, remote_id: str) -> list[Comment]:
        return []

    def hide_comment(self, comment_id: str) -> None:
        return None

    def delete_comment(self, comment_id: str) -> None:
        return None

    def block_user(self, user_id: str) -> None:
        return None


# Platform -> connector factory for the demo and the tests: the local transport.
CONNECTORS: dict[str, Callable[[Channel], Connector]] = {
    kind: LocalOutbox for kind in Channel.Kind.values
}


def sends_live(channel: Channel) -> bool:
    """Return whether the channel's posts go to the real platform.

    Only with SCHOOLGATE_LIVE_CHANNELS on and credentials stored; otherwise
    the local transport records what would have been sent.
    """
    return bool(
        getattr(settings, "SCHOOLGATE_LIVE_CHANNELS", False)
        and channel.is_social
        and channel.has_credentials
    )


def connector_for(channel: Channel) -> Connector:
    """Return the connector that speaks for a channel."""
    if sends_live(channel):
        from schoolgate.publishing.platforms.live import live_connector

        return live_connector(channel)
    return CONNECTORS[channel.kind](channel)
