"""Mastodon through Mastodon.py, with an access token for the school's account.

Photos go up with `media_post` (alt text as the description), then the
status references them (`status_post(media_ids=...)`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from schoolgate.publishing.connectors import (
    Comment,
    ConnectorError,
    CredentialsRejected,
    Message,
    Remote,
)
from schoolgate.publishing.netguard import check_scheme, guarded_session, refused_address
from schoolgate.publishing.platforms import carries, fitted_text

LIMIT = 500
MAX_IMAGES = 4
ALT_LIMIT = 1500
SERVER_VERSION = (4, 0, 0)
RECENT = 40
TIMEOUT = 20


@contextmanager
def mastodon_errors() -> Iterator[None]:
    """Translate Mastodon.py's errors into the outbox's two kinds."""
    try:
        yield
    except ConnectorError:
        raise
    except MastodonUnauthorizedError as error:
        raise CredentialsRejected("Mastodon refused the token.", detail=error) from error
    except (MastodonNetworkError, MastodonRatelimitError, MastodonServerError) as error:
        raise refused_address(error) or ConnectorError(
            "Mastodon is unreachable or busy.", detail=error
        ) from error
    except (MastodonAPIError, MastodonError) as error:
        failure = ConnectorError("Mastodon refused the request.", detail=error)
        failure.retryable = False
        raise failure from error


class MastodonConnector:
    """Publish to and moderate one Mastodon account."""

    def __init__(self, credentials: dict[str, Any]):
        server = credentials.get("instance_url") or ""
        check_scheme(server)  # and the session connects to public addresses only
        self.client = Mastodon(
            access_token=credentials.get("access_token"),
            api_base_url=server,
            session=guarded_session(),
            ratelimit_method="throw",  # the outbox backs off; never sleep in a worker
            request_timeout=TIMEOUT,
            version_check_mode="none",
            # Every server in use runs 4.x; naming it spares a version lookup
            # (which, when the instance endpoint fails, Mastodon.py retries
            # without end) and picks the v2 media endpoint.
            mastodon_version=".".join(map(str, SERVER_VERSION)),
        )
        # With version checks off Mastodon.py does not read the version given.
        client = self.client
        client.mastodon_major, client.mastodon_minor, client.mastodon_patch = SERVER_VERSION
        self._account_id: str | None = None

    def _me(self) -> str:
        if self._account_id is None:
            self._account_id = str(self.client.account_verify_credentials()["id"])
        return self._account_id

    def publish(self, message: Message) -> Remote:
        with mastodon_errors():
            # A retry uploads again (an unattached upload is cleaned up by
            # the server); the status itself goes once.
            media_ids = [
                self.client.media_post(
                    io.BytesIO(image.data),
                    mime_type=image.mime_type,
                    description=image.alt_text[:ALT_LIMIT] or None,
                    file_name=image.name,
                )["id"]
                for image in message.images[:MAX_IMAGES]
            ]
            status = self.client.status_post(
                fitted_text(message, LIMIT),
                media_ids=media_ids or None,
                visibility="public",
                # The server also drops a repeat within an hour.
                idempotency_key=message.idempotency_key,
            )
        return Remote(str(status["id"]), status.get("url") or "")

    def find(self, idempotency_key: str) -> Remote | None:
        with mastodon_errors():
            statuses = self.client.account_statuses(self._me(), limit=RECENT)
        for status in statuses:
            if carries(status["content"], idempotency_key):
                return Remote(str(status["id"]), status.get("url") or "")
        return None

    def withdraw(self, remote_id: str) -> None:
        with mastodon_errors():
            try:
                self.client.status_delete(remote_id)
            except MastodonNotFoundError:
                return  # already gone

    def edit(self, remote_id: str, message: Message) -> Remote:
        """Change a status's text in place (its photos stay as they were)."""
        with mastodon_errors():
            status = self.client.status_update(remote_id, fitted_text(message, LIMIT))
        return Remote(str(status["id"]), status.get("url") or "")

    def fetch_comments(self, remote_id: str) -> list[Comment]:
        with mastodon_errors():
            context = self.client.status_context(remote_id)
        return [
            Comment(
                str(s["id"]),
                str(s["account"]["id"]),
                s["account"]["acct"],
                s["content"],
                s["created_at"],
            )
            for s in context["descendants"]
        ]

    def hide_comment(self, comment_id: str) -> None:
        failure = ConnectorError("Mastodon cannot hide a reply; delete it or block the account.")
        failure.retryable = False
        raise failure

    def unhide_comment(self, comment_id: str) -> None:
        self.hide_comment(comment_id)

    def delete_comment(self, comment_id: str) -> None:
        # An account deletes only its own statuses; muting the conversation
        # is the nearest a school account can do to someone else's reply.
        with mastodon_errors():
            self.client.status_mute(comment_id)

    def block_user(self, user_id: str) -> None:
        with mastodon_errors():
            self.client.account_block(user_id)

    def unblock_user(self, user_id: str) -> None:
        with mastodon_errors():
            self.client.account_unblock(user_id)
