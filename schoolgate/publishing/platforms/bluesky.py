"""Bluesky through the atproto SDK, with the account's handle and an app password.

Bluesky lets the client choose a record's key, so each post's key is derived
from its idempotency key: `find` fetches that one record, and a repeat of
`publish` can only ever hit the same record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from atproto import Client, client_utils, models
from atproto_client import exceptions as at
from atproto_client.request import Request

from schoolgate.publishing.connectors import (
    Comment,
    ConnectorError,
    CredentialsRejected,
    Message,
    Remote,
)
from schoolgate.publishing.netguard import check_scheme, guarded_transport, refused_address
from schoolgate.publishing.platforms import image_size, marker, within_bytes

LIMIT = 300
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 1_000_000
SERVICE = "https://bsky.social"
COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
EXPIRED = {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"}


def record_key(idempotency_key: str) -> str:
    """Return the record key (TID syntax: 13 base32-sortable characters) for a post."""
    value = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big") >> 1
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


@contextmanager
def bluesky_errors() -> Iterator[None]:
    """Translate atproto's errors into the outbox's two kinds."""
    try:
        yield
    except ConnectorError:
        raise
    except at.UnauthorizedError as error:
        raise CredentialsRejected("Bluesky refused the login.", detail=error) from error
    except at.BadRequestError as error:
        if _error_name(error) in EXPIRED:
            raise CredentialsRejected("Bluesky refused the login.", detail=error) from error
        failure = ConnectorError("Bluesky refused the request.", detail=error)
        failure.retryable = False
        raise failure from error
    except (at.NetworkError, at.RequestException) as error:
        # RequestException covers 429 and 5xx; NetworkError the transport.
        raise refused_address(error) or ConnectorError(
            "Bluesky is unreachable or busy.", detail=error
        ) from error


def _error_name(error: at.RequestErrorBase) -> str:
    content = getattr(error.response, "content", None)
    return getattr(content, "error", "") or ""


class BlueskyConnector:
    """Publish to and moderate one Bluesky account."""

    def __init__(self, credentials: dict[str, Any], *, handle: str = ""):
        server = credentials.get("instance_url") or SERVICE
        check_scheme(server)  # and the transport connects to public addresses only
        self.client = Client(
            base_url=server + "/xrpc", request=Request(transport=guarded_transport())
        )
        self.login = credentials.get("account_id") or handle
        self.password = credentials.get("access_token", "")
        self._did: str | None = None

    def _repo(self) -> str:
        if self._did is None:
            self.client.login(self.login, self.password, fetch_bsky_profile=False)
            self._did = self.client._session.did  # noqa: SLF001  the SDK keeps it there
        return self._did

    def _remote(self, uri: str) -> Remote:
        rkey = uri.rsplit("/", 1)[-1]
        return Remote(uri, f"https://bsky.app/profile/{self._did}/post/{rkey}")

    def publish(self, message: Message) -> Remote:
        tag = marker(message.idempotency_key)
        notice = message.notice + "\n\n" if message.notice else ""
        room = LIMIT - len(notice) - len(message.link) - len(tag) - 4
        body = message.body()
        if len(body) > room:
            body = body[: room - 1].rsplit(" ", 1)[0] + "\u2026"
        text = client_utils.TextBuilder().text(body + "\n\n" + notice)
        if message.link:
            text.link(message.link, message.link).text("\n\n")
        text.text(tag)
        with bluesky_errors():
            embed = self._images(message)
            record = models.AppBskyFeedPost.Record(
                text=text.build_text(),
                facets=text.build_facets() or None,
                embed=embed,
                created_at=self.client.get_current_time_iso(),
            )
            response = self.client.app.bsky.feed.post.create(
                self._repo(), record, rkey=record_key(message.idempotency_key)
            )
        return self._remote(response.uri)

    def _images(self, message: Message) -> models.AppBskyEmbedImages.Main | None:
        """Upload the photos as blobs; return the embed that shows them, or None."""
        if not message.images:
            return None
        self._repo()  # log in before the first upload
        images = []
        for image in message.images[:MAX_IMAGES]:
            image = within_bytes(image, MAX_IMAGE_BYTES)
            width, height = image_size(image)
            blob = self.client.upload_blob(image.data).blob
            images.append(
                models.AppBskyEmbedImages.Image(
                    alt=image.alt_text,
                    image=blob,
                    aspect_ratio=models.AppBskyEmbedDefs.AspectRatio(width=width, height=height),
                )
            )
        return models.AppBskyEmbedImages.Main(images=images)

    def find(self, idempotency_key: str) -> Remote | None:
        with bluesky_errors():
            repo = self._repo()
            try:
                response = self.client.app.bsky.feed.post.get(repo, record_key(idempotency_key))
            except at.BadRequestError as error:
                if _error_name(error) == "RecordNotFound":
                    return None
                raise
        return self._remote(response.uri)

    def withdraw(self, remote_id: str) -> None:
        with bluesky_errors():
            self.client.app.bsky.feed.post.delete(self._repo(), remote_id.rsplit("/", 1)[-1])

    def edit(self, remote_id: str, message: Message) -> Remote:
        """Bluesky does not let a post be edited: a correction is withdrawn and posted again."""
        raise ConnectorError("Bluesky does not allow editing.")

    def fetch_comments(self, remote_id: str) -> list[Comment]:
        with bluesky_errors():
            self._repo()
            thread = self.client.get_post_thread(remote_id, depth=1).thread
        return [
            Comment(
                reply.post.uri,
                reply.post.author.did,
                reply.post.author.handle,
                reply.post.record.text,
                reply.post.indexed_at,
            )
            for reply in getattr(thread, "replies", None) or []
            if getattr(reply, "post", None) is not None
        ]

    def hide_comment(self, comment_id: str) -> None:
        failure = ConnectorError("Hide the reply in the Bluesky app (threadgate).")
        failure.retryable = False
        raise failure

    def unhide_comment(self, comment_id: str) -> None:
        self.hide_comment(comment_id)

    def delete_comment(self, comment_id: str) -> None:
        self.hide_comment(comment_id)

    def block_user(self, user_id: str) -> None:
        with bluesky_errors():
            self.client.app.bsky.graph.block.create(
                self._repo(),
                models.AppBskyGraphBlock.Record(
                    subject=user_id, created_at=self.client.get_current_time_iso()
                ),
            )

    def unblock_user(self, user_id: str) -> None:
        # A block is a record in the school's repository, named by the
        # blocked profile's viewer state: unblocking twice finds none.
        with bluesky_errors():
            repo = self._repo()
            viewer = self.client.get_profile(user_id).viewer
            uri = viewer.blocking if viewer else None
            if uri:
                self.client.app.bsky.graph.block.delete(repo, uri.rsplit("/", 1)[-1])
