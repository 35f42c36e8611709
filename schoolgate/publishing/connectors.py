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

A message carries the post's photos as their public renditions only (resized,
metadata-free, faces blurred; never an original), each with its alt text, at
most as many as the channel's platform takes (`MAX_IMAGES`). Connectors upload
them first and then make the post referencing them: an upload may repeat on a
retry, the post may not, so `find` still comes before `publish`.

The local transport records what would have been sent (LocalDelivery); the
demo and the tests use it, and it accepts duplicates as a real platform
would, so a double post shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from schoolgate.publishing.models import Channel, LocalDelivery

# How many photos one post may carry on each platform; the rest stay on the blog.
MAX_IMAGES: dict[str, int] = {"x": 4, "bluesky": 4, "mastodon": 4, "facebook": 10}


@dataclass(frozen=True, slots=True)
class Abilities:
    """What a platform lets the school's account do to other people's replies.

    `hide_replies`: hide a reply under the school's post and show it again
    (Facebook Pages: `is_hidden`; X: hide replies). `unblock`: lift a block
    the school's account made (Facebook Pages' `blocked` edge, Bluesky's
    block record, Mastodon). A connector raises a non-retryable
    `ConnectorError` for what its platform does not allow.
    """

    hide_replies: bool
    unblock: bool
    # Change a post's text in place (a correction); else it is withdrawn and posted again.
    edit_posts: bool = False


# Bluesky's threadgate can fold a reply under "hidden replies", but anyone
# may open the fold, so it is not counted as hiding; Mastodon has nothing.
# X's API has no block or unblock for apps (tweepy 4 has neither).
# Editing: the Graph API updates a Page post's message, and Mastodon (3.5+,
# Mastodon.py's `status_update`) edits a status; X's API and Bluesky have no
# edit, so a correction there is withdrawn and posted again.
ABILITIES: dict[str, Abilities] = {
    "facebook": Abilities(hide_replies=True, unblock=True, edit_posts=True),
    "x": Abilities(hide_replies=True, unblock=False),
    "bluesky": Abilities(hide_replies=False, unblock=True),
    "mastodon": Abilities(hide_replies=False, unblock=True, edit_posts=True),
}
NO_ABILITIES = Abilities(hide_replies=False, unblock=False)


def abilities(kind: str) -> Abilities:
    """Return what the platform of a channel's kind lets the school do."""
    return ABILITIES.get(kind, NO_ABILITIES)


@dataclass(frozen=True, slots=True)
class Image:
    """One photo going out with a post: its public rendition's bytes and alt text."""

    name: str
    data: bytes = field(repr=False)
    alt_text: str
    mime_type: str = "image/jpeg"
    # The Photo it renders, so a takedown finds every delivery showing it.
    photo_id: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def summary(self) -> dict[str, object]:
        """Return what is recorded of the image (never its bytes)."""
        return {
            "photo": self.photo_id,
            "name": self.name,
            "sha256": self.sha256,
            "bytes": len(self.data),
            "mime_type": self.mime_type,
            "alt_text": self.alt_text,
        }


@dataclass(frozen=True, slots=True)
class Message:
    """What goes out to a channel for one post."""

    idempotency_key: str
    title: str
    text: str
    link: str
    images: tuple[Image, ...] = ()
    # Photos the post has beyond what the platform takes (not sent).
    images_left_out: int = 0
    # The one-way notice (`channels.one_way`), kept whole when the text is cut;
    # it ends `text`, before the link.
    notice: str = ""

    def body(self) -> str:
        """Return the text without the notice and link, the part that may be cut."""
        text = self.text.removesuffix(self.link).rstrip()
        return text.removesuffix(self.notice).rstrip()


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
    """The platform did not take the request; `retryable` says whether to try again.

    The message is the connector's own summary (which platform, what kind of
    failure, the HTTP status); `detail` keeps what the platform or server
    answered, for the log only. A channel's server address is typed in by
    staff, so its reply is never shown back on a page or in an email: that
    would let the address probe the school's own network (SSRF).
    """

    retryable = True

    def __init__(self, message: str, *, detail: object = "") -> None:
        super().__init__(message)
        self.detail = str(detail)


class CredentialsRejected(ConnectorError):
    """The token has expired or was revoked: a person must reconnect the channel."""

    retryable = False


def staff_error(error: BaseException) -> str:
    """Return what staff are told of a failed delivery: never a server's reply.

    A connector's error gives its own summary; anything else only its kind.
    """
    if isinstance(error, ConnectorError):
        return str(error)
    return f"Unexpected error ({type(error).__name__}); the server log has the details."


class Connector(Protocol):
    """What the outbox and moderation need from a platform."""

    def publish(self, message: Message) -> Remote: ...

    def find(self, idempotency_key: str) -> Remote | None: ...

    def withdraw(self, remote_id: str) -> None: ...

    # Only where `abilities(kind).edit_posts`: change the text of a post in place.
    def edit(self, remote_id: str, message: Message) -> Remote: ...

    def fetch_comments(self, remote_id: str) -> list[Comment]: ...

    def hide_comment(self, comment_id: str) -> None: ...

    def unhide_comment(self, comment_id: str) -> None: ...

    def delete_comment(self, comment_id: str) -> None: ...

    def block_user(self, user_id: str) -> None: ...

    def unblock_user(self, user_id: str) -> None: ...


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
            images=[image.summary() for image in message.images],
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

    def edit(self, remote_id: str, message: Message) -> Remote:
        """Change the recorded text in place, as a platform that allows editing would."""
        if not abilities(self.channel.kind).edit_posts:
            raise ConnectorError(f"{self.channel.get_kind_display()} does not allow editing.")
        LocalDelivery.objects.filter(
            channel=self.channel, pk=int(remote_id.removeprefix("local-"))
        ).update(text=message.text, link=message.link, edited_at=timezone.now())
        return Remote(remote_id)

    def fetch_comments(self, remote_id: str) -> list[Comment]:
        return []

    def hide_comment(self, comment_id: str) -> None:
        return None

    def unhide_comment(self, comment_id: str) -> None:
        return None

    def delete_comment(self, comment_id: str) -> None:
        return None

    def block_user(self, user_id: str) -> None:
        return None

    def unblock_user(self, user_id: str) -> None:
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
