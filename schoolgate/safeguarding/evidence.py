"""Evidence files: what may be kept, and how it is sealed at rest.

Files are encrypted with Fernet (AES-128-CBC with an HMAC-SHA256 tag) under
a key derived from SCHOOLGATE_EVIDENCE_KEY, so the store alone reveals
nothing; the SHA-256 of the original bytes proves a file is the one
uploaded.
"""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet, InvalidToken

from schoolgate.core.crypto import fernet_from_setting

MAX_BYTES = 10 * 1024 * 1024
# Screenshots, saved messages and documents; nothing that runs or hides code.
SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
)
ACCEPTED = "screenshots (PNG, JPEG, GIF, WebP), PDF documents or plain text"


class EvidenceRefused(ValueError):
    """An upload that cannot be kept as evidence; the message says why."""


def sniff(data: bytes) -> str:
    """Return the content type the bytes really are; raise EvidenceRefused."""
    if not data:
        raise EvidenceRefused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise EvidenceRefused("The file is larger than 10 MB.")
    for magic, offset, content_type in SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return content_type
    if _is_text(data):
        return "text/plain"
    raise EvidenceRefused(f"Only {ACCEPTED} can be kept as evidence; this file is none of them.")


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def digest(data: bytes) -> str:
    """Return the SHA-256 of the bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def cipher() -> Fernet:
    """Return the cipher for evidence; refuse to work without a key."""
    return fernet_from_setting(
        "SCHOOLGATE_EVIDENCE_KEY",
        b"schoolgate evidence v1",
        needed_to="keep safeguarding evidence",
    )


def seal(data: bytes) -> bytes:
    """Return the bytes encrypted for the store."""
    return cipher().encrypt(data)


def unseal(token: bytes) -> bytes:
    """Return the original bytes; raise EvidenceTampered if they were altered."""
    try:
        return cipher().decrypt(token)
    except InvalidToken as exc:
        raise EvidenceTampered("the stored file does not decrypt: it was altered") from exc


class EvidenceTampered(ValueError):
    """A stored evidence file that is not what was sealed."""
