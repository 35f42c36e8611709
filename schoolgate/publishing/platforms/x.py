"""X (Twitter) through tweepy, with the account's OAuth 1.0a user keys.

Photos go up through the v1.1 media endpoint (`API.media_upload`, then
`create_media_metadata` for the alt text); the post through the v2 Client
(`create_tweet(media_ids=...)`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import requests
import tweepy

from schoolgate.publishing.connectors import (
    Comment,
    ConnectorError,
    CredentialsRejected,
    Message,
    Remote,
)
from schoolgate.publishing.platforms import carries, fitted_text

LIMIT = 280
MAX_IMAGES = 4
ALT_LIMIT = 1000
RECENT = 50


@contextmanager
def x_errors() -> Iterator[None]:
    """Translate tweepy's and requests' errors into the outbox's two kinds."""
    try:
        yield
    except tweepy.Unauthorized as error:
        raise CredentialsRejected(f"X refused the token: {error}") from error
    except (tweepy.TooManyRequests, tweepy.TwitterServerError) as error:
        raise ConnectorError(f"X is busy or failing: {error}") from error
    except requests.RequestException as error:
        raise ConnectorError(f"Could not reach X: {error}") from error
    except tweepy.HTTPException as error:
        failure = ConnectorError(f"X refused the request: {error}")
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
        # Media upload is only on the v1.1 API, with the same user keys.
        self.api = tweepy.API(
            tweepy.OAuth1UserHandler(
                credentials.get("api_key"),
                credentials.get("api_secret"),
                credentials.get("access_token"),
                credentials.get("access_secret"),
            )
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
            media = self.api.media_upload(image.name, file=io.BytesIO(image.data))
            if image.alt_text:
                self.api.create_media_metadata(media.media_id_string, image.alt_text[:ALT_LIMIT])
            media_ids.append(media.media_id_string)
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

    def delete_comment(self, comment_id: str) -> None:
        # X lets an account hide replies to its posts, not delete them.
        self.hide_comment(comment_id)

    def block_user(self, user_id: str) -> None:
        failure = ConnectorError(
            "X's API no longer lets an app block accounts; block it on x.com."
        )
        failure.retryable = False
        raise failure
