"""X (Twitter) through tweepy, with the account's OAuth 1.0a user keys.

Photos go up through X's v2 media endpoints (initialize, append, finalize,
then `media/metadata` for the alt text), signed with the same OAuth 1.0a keys
through tweepy's handler: tweepy 4 only speaks the v1.1 media API, which X is
retiring. The post goes through tweepy's v2 Client (`create_tweet(media_ids=...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests
import tweepy

from schoolgate.publishing.connectors import (
    Comment,
    ConnectorError,
    CredentialsRejected,
    Image,
    Message,
    Remote,
)
from schoolgate.publishing.netguard import guarded_session
from schoolgate.publishing.platforms import carries, fitted_text

LIMIT = 280
MAX_IMAGES = 4
ALT_LIMIT = 1000
RECENT = 50
MEDIA_API = "https://api.x.com/2/media"
CHUNK = 1024 * 1024  # bytes per append; a rendition is usually one chunk
TIMEOUT = 60


@contextmanager
def x_errors() -> Iterator[None]:
    """Translate tweepy's and requests' errors into the outbox's two kinds."""
    try:
        yield
    except tweepy.Unauthorized as error:
        raise CredentialsRejected("X refused the token.", detail=error) from error
    except (tweepy.TooManyRequests, tweepy.TwitterServerError) as error:
        raise ConnectorError("X is busy or failing.", detail=error) from error
    except requests.RequestException as error:
        raise ConnectorError("Could not reach X.", detail=error) from error
    except tweepy.HTTPException as error:
        failure = ConnectorError("X refused the request.", detail=error)
        failure.retryable = False
        raise failure from error


class XConnector:
    """Publish to and moderate one X account."""

    def __init__(
        self, credentials: dict[str, Any], *, client_factory: Callable[..., Any] = tweepy.Client
    ):
        self.client = client_factory(
            consumer_key=credentials.get("api_key"),
            consumer_secret=credentials.get("api_secret"),
            access_token=credentials.get("access_token"),
            access_token_secret=credentials.get("access_secret"),
        )
        self.media = XMedia(
            tweepy.OAuth1UserHandler(
                credentials.get("api_key"),
                credentials.get("api_secret"),
                credentials.get("access_token"),
                credentials.get("access_secret"),
            ).apply_auth()
        )
        self._user_id: str | None = None

    def _me(self) -> str:
        if self._user_id is None:
            self._user_id = str(self.client.get_me(user_auth=True).data.id)
        return self._user_id

    def _url(self, tweet_id: str) -> str:
        return f"https://x.com/i/web/status/{tweet_id}"

    def _upload(self, message: Message) -> list[str]:
        """Upload the message's photos; return their media ids (a retry uploads again)."""
        media_ids = []
        for image in message.images[:MAX_IMAGES]:
            media_id = self.media.upload(image)
            if image.alt_text:
                self.media.describe(media_id, image.alt_text[:ALT_LIMIT])
            media_ids.append(media_id)
        return media_ids

    def publish(self, message: Message) -> Remote:
        with x_errors():
            media_ids = self._upload(message)
            response = self.client.create_tweet(
                text=fitted_text(message, LIMIT), media_ids=media_ids or None, user_auth=True
            )
        tweet_id = str(response.data["id"])
        return Remote(tweet_id, self._url(tweet_id))

    def find(self, idempotency_key: str) -> Remote | None:
        with x_errors():
            response = self.client.get_users_tweets(self._me(), max_results=RECENT, user_auth=True)
        for tweet in response.data or []:
            if carries(tweet.text, idempotency_key):
                return Remote(str(tweet.id), self._url(str(tweet.id)))
        return None

    def withdraw(self, remote_id: str) -> None:
        with x_errors():
            try:
                self.client.delete_tweet(remote_id, user_auth=True)
            except tweepy.NotFound:
                return  # already gone: withdrawing twice is fine

    def edit(self, remote_id: str, message: Message) -> Remote:
        """X does not let a post be edited: a correction is withdrawn and posted again."""
        raise ConnectorError("X does not allow editing.")

    def fetch_comments(self, remote_id: str) -> list[Comment]:
        with x_errors():
            response = self.client.search_recent_tweets(
                f"conversation_id:{remote_id}",
                tweet_fields=["author_id", "created_at"],
                expansions=["author_id"],
                user_auth=True,
            )
        users = {str(u.id): u.username for u in (response.includes or {}).get("users", [])}
        return [
            Comment(
                str(t.id), str(t.author_id), users.get(str(t.author_id), ""), t.text, t.created_at
            )
            for t in response.data or []
        ]

    def hide_comment(self, comment_id: str) -> None:
        with x_errors():
            self.client.hide_reply(comment_id, user_auth=True)

    def unhide_comment(self, comment_id: str) -> None:
        with x_errors():
            self.client.unhide_reply(comment_id, user_auth=True)

    def delete_comment(self, comment_id: str) -> None:
        # X lets an account hide replies to its posts, not delete them.
        self.hide_comment(comment_id)

    def block_user(self, user_id: str) -> None:
        failure = ConnectorError(
            "X's API no longer lets an app block accounts; block it on x.com."
        )
        failure.retryable = False
        raise failure

    def unblock_user(self, user_id: str) -> None:
        failure = ConnectorError(
            "X's API no longer lets an app unblock accounts; unblock it on x.com."
        )
        failure.retryable = False
        raise failure


class XMedia:
    """X's v2 media upload and alt text, over requests with the account's OAuth 1.0a keys."""

    def __init__(self, auth: Any, *, session: requests.Session | None = None) -> None:
        self.auth = auth
        self.session = session or guarded_session()

    def upload(self, image: Image) -> str:
        """Upload one photo in chunks; return its media id, ready to attach."""
        started = self._post(
            "upload/initialize",
            json={
                "media_type": image.mime_type,
                "total_bytes": len(image.data),
                "media_category": "tweet_image",
            },
        )
        media_id = str(started["data"]["id"])
        for index, offset in enumerate(range(0, len(image.data), CHUNK)):
            chunk = image.data[offset : offset + CHUNK]
            self._post(
                f"upload/{media_id}/append",
                data={"segment_index": index},
                files={"media": (image.name, chunk, image.mime_type)},
            )
        self._post(f"upload/{media_id}/finalize")
        return media_id

    def describe(self, media_id: str, alt_text: str) -> None:
        self._post("metadata", json={"id": media_id, "metadata": {"alt_text": {"text": alt_text}}})

    def _post(self, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.session.post(
            f"{MEDIA_API}/{path}", auth=self.auth, timeout=TIMEOUT, **kwargs
        )
        _raise_for(response)
        return response.json() if response.content else {}


def _raise_for(response: requests.Response) -> None:
    """Raise the outbox's kind of error for a refused media request."""
    status = response.status_code
    if status < 400:
        return
    detail = response.text[:200]
    if status in (401, 403):
        raise CredentialsRejected(
            f"X refused the token for media upload (HTTP {status}).", detail=detail
        )
    failure = ConnectorError(f"X refused the photo (HTTP {status}).", detail=detail)
    failure.retryable = status == 429 or status >= 500
    raise failure
