"""Facebook Pages through the Graph API over HTTP (requests), with a Page token.

A comment is hidden and shown again with its `is_hidden` field; a person is
blocked from the Page and unblocked through the Page's `blocked` edge.

Photos go up unpublished (`/{page-id}/photos`, `published=false`, with
their alt text), then the feed post attaches them (`attached_media`). A retry
uploads again; an unpublished photo nobody attaches shows nowhere.
"""

from __future__ import annotations

import json
from typing import Any

import requests
from django.conf import settings
from django.utils.dateparse import parse_datetime

from schoolgate.publishing.connectors import (
    Comment,
    ConnectorError,
    CredentialsRejected,
    Message,
    Remote,
)
from schoolgate.publishing.netguard import guarded_session, refused_address
from schoolgate.publishing.platforms import carries, fitted_text

GRAPH_HOST = "https://graph.facebook.com"
LIMIT = 5000
MAX_IMAGES = 10
RECENT = 25
TIMEOUT = 20
# Graph error codes: 190 an expired or revoked token, 102 a session lost;
# 4, 17, 32 and 613 are rate limits; 1 and 2 are temporary failures.
TOKEN_CODES = {102, 190}
RETRY_CODES = {1, 2, 4, 17, 32, 341, 368, 613}


def graph_root() -> str:
    """Return the Graph API's address at the configured version."""
    return f"{GRAPH_HOST}/{settings.SCHOOLGATE_FACEBOOK_GRAPH_VERSION}"


class FacebookConnector:
    """Publish to and moderate one Facebook Page."""

    def __init__(self, credentials: dict[str, Any], *, session: requests.Session | None = None):
        self.page_id = str(credentials.get("account_id", ""))
        self.token = credentials.get("access_token", "")
        self.session = session or guarded_session()

    def _call(self, method: str, path: str, *, files: Any = None, **data: Any) -> Any:
        """Call the Graph API; return its JSON or raise one of the outbox's errors."""
        params = {"access_token": self.token}
        try:
            if method == "GET":
                response = self.session.get(
                    f"{graph_root()}/{path}", params={**params, **data}, timeout=TIMEOUT
                )
            elif method == "DELETE":
                response = self.session.delete(
                    f"{graph_root()}/{path}", params={**params, **data}, timeout=TIMEOUT
                )
            else:
                response = self.session.request(
                    method,
                    f"{graph_root()}/{path}",
                    params=params,
                    data=data,
                    files=files,
                    timeout=TIMEOUT,
                )
        except requests.RequestException as error:
            raise refused_address(error) or ConnectorError(
                "Could not reach Facebook.", detail=error
            ) from error
        if response.ok:
            return response.json()
        raise graph_error(response)

    def publish(self, message: Message) -> Remote:
        photo_ids = [
            self._call(
                "POST",
                f"{self.page_id}/photos",
                files={"source": (image.name, image.data, image.mime_type)},
                published="false",
                alt_text_custom=image.alt_text,
            )["id"]
            for image in message.images[:MAX_IMAGES]
        ]
        fields: dict[str, str] = {"message": fitted_text(message, LIMIT)}
        if photo_ids:
            # A post shows either its photos or a link preview; the link stays in the text.
            for number, photo_id in enumerate(photo_ids):
                fields[f"attached_media[{number}]"] = json.dumps({"media_fbid": photo_id})
        elif message.link:
            fields["link"] = message.link
        body = self._call("POST", f"{self.page_id}/feed", **fields)
        return Remote(body["id"], f"https://www.facebook.com/{body['id']}")

    def find(self, idempotency_key: str) -> Remote | None:
        body = self._call("GET", f"{self.page_id}/feed", fields="id,message", limit=RECENT)
        for post in body.get("data", []):
            if carries(post.get("message", ""), idempotency_key):
                return Remote(post["id"], f"https://www.facebook.com/{post['id']}")
        return None

    def withdraw(self, remote_id: str) -> None:
        try:
            self._call("DELETE", remote_id)
        except ConnectorError as error:
            if "(code 100)" not in str(error):  # 100: the post no longer exists
                raise

    def edit(self, remote_id: str, message: Message) -> Remote:
        """Change a Page post's text (its photos stay as they were)."""
        self._call("POST", remote_id, message=fitted_text(message, LIMIT))
        return Remote(remote_id, f"https://www.facebook.com/{remote_id}")

    def fetch_comments(self, remote_id: str) -> list[Comment]:
        body = self._call(
            "GET", f"{remote_id}/comments", fields="id,from,message,created_time", limit=100
        )
        return [
            Comment(
                c["id"],
                str(c.get("from", {}).get("id", "")),
                c.get("from", {}).get("name", ""),
                c.get("message", ""),
                parse_datetime(c["created_time"].replace("+0000", "+00:00")),  # type: ignore[arg-type]
            )
            for c in body.get("data", [])
        ]

    def hide_comment(self, comment_id: str) -> None:
        self._call("POST", comment_id, is_hidden="true")

    def unhide_comment(self, comment_id: str) -> None:
        self._call("POST", comment_id, is_hidden="false")

    def delete_comment(self, comment_id: str) -> None:
        self._call("DELETE", comment_id)

    def block_user(self, user_id: str) -> None:
        self._call("POST", f"{self.page_id}/blocked", user=user_id)

    def unblock_user(self, user_id: str) -> None:
        self._call("DELETE", f"{self.page_id}/blocked", uid=user_id)


def graph_error(response: requests.Response) -> ConnectorError:
    """Return the outbox's error for a Graph API failure."""
    try:
        error = response.json().get("error", {})
    except ValueError:
        error = {}
    code = error.get("code")
    text = f"Facebook refused the request (HTTP {response.status_code}, code {code})."
    detail = error.get("message", response.reason)
    if response.status_code == 401 or code in TOKEN_CODES:
        return CredentialsRejected(text, detail=detail)
    failure = ConnectorError(text, detail=detail)
    failure.retryable = (
        response.status_code >= 500 or response.status_code == 429 or (code in RETRY_CODES)
    )
    return failure
