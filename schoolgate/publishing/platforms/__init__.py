"""Connectors that speak to the real platforms, each through its own client.

X through tweepy, Bluesky through atproto, Mastodon through Mastodon.py and
Facebook Pages through the Graph API over requests. Each maps its library's
errors onto the two the outbox understands: `ConnectorError` (retry later:
network, 5xx, rate limit) and `CredentialsRejected` (a person must reconnect).

A post carries a short marker derived from its idempotency key, so `find`
can recognise it among the account's recent posts where the platform does
not let the client choose the record's id.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image as PILImage

from schoolgate.publishing.connectors import Image, Message

MARKER_PREFIX = "ref "


def marker(idempotency_key: str) -> str:
    """Return the short tag a post carries so a retry can recognise it."""
    return MARKER_PREFIX + hashlib.sha256(idempotency_key.encode()).hexdigest()[:8]


def fitted_text(message: Message, limit: int) -> str:
    """Return the message's text with its marker, shortened to the platform's limit.

    The notice, the link and the marker are kept whole; the words before them
    are cut.
    """
    tag = marker(message.idempotency_key)
    body = message.body()
    tail = "\n\n".join(part for part in (message.notice, message.link, tag) if part)
    room = limit - len(tail) - 2
    if len(body) > room:
        body = body[: max(room - 1, 0)].rsplit(" ", 1)[0] + "\u2026"
    return f"{body}\n\n{tail}" if body else tail


def carries(text: str, idempotency_key: str) -> bool:
    """Return whether a remote post's text carries the key's marker."""
    return marker(idempotency_key) in (text or "")


def image_size(image: Image) -> tuple[int, int]:
    """Return the photo's width and height in pixels."""
    with PILImage.open(io.BytesIO(image.data)) as opened:
        return opened.size


def within_bytes(image: Image, max_bytes: int) -> Image:
    """Return the image, re-encoded smaller if the platform takes no more than `max_bytes`.

    The rendition is re-saved as a JPEG without metadata, at a lower quality
    and then a smaller size, until it fits; it stays the blurred rendition.
    """
    if len(image.data) <= max_bytes:
        return image
    with PILImage.open(io.BytesIO(image.data)) as opened:
        picture = opened.convert("RGB")
    for scale in (1.0, 0.85, 0.7, 0.55, 0.4, 0.25):
        sized = picture.resize(
            (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        )
        for quality in (80, 70, 60):
            buffer = io.BytesIO()
            sized.save(buffer, "JPEG", quality=quality, exif=b"", icc_profile=None)
            if buffer.tell() <= max_bytes:
                return Image(
                    image.name, buffer.getvalue(), image.alt_text, "image/jpeg", image.photo_id
                )
    raise ValueError(f"{image.name} does not fit in {max_bytes} bytes.")
