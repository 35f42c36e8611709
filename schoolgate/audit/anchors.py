"""The audit chain's head, anchored outside the database.

The database's own head row (`AuditHead`) goes with the database: whoever
can delete the newest entries can rewrite it too, and a wiped log leaves
nothing to compare with. So the head's sequence number and hash are also
appended, each day and at each `audit verify`, to a file outside the
database (SCHOOLGATE_AUDIT_ANCHOR_FILE, under SCHOOLGATE_VAR_DIR) and, where
SCHOOLGATE_AUDIT_ANCHOR_EMAIL is set, emailed (to the DPO, say). Verifying
then checks that every anchored head is still in the chain with its hash.

One line per anchor, tab-separated: time (UTC, ISO 8601), sequence number,
hash, and why it was written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Anchor:
    at: str
    seq: int
    hash: str
    reason: str = ""

    def line(self) -> str:
        return f"{self.at}\t{self.seq}\t{self.hash}\t{self.reason}\n"


def path() -> Path | None:
    """Return the anchor file, or None where anchoring is switched off."""
    value = getattr(settings, "SCHOOLGATE_AUDIT_ANCHOR_FILE", None)
    return Path(value) if value else None


def read() -> dict[int, Anchor]:
    """Return the anchors in the file, the latest for each sequence number."""
    where = path()
    if where is None or not where.exists():
        return {}
    anchored: dict[int, Anchor] = {}
    for number, text in enumerate(where.read_text().splitlines(), start=1):
        parts = text.split("\t")
        if len(parts) < 3 or not parts[1].isdigit():
            raise ValueError(f"{where}, line {number}: not an audit anchor")
        anchored[int(parts[1])] = Anchor(parts[0], int(parts[1]), parts[2], "\t".join(parts[3:]))
    return anchored


def mismatch(anchored: dict[int, Anchor], seq: int, hash: str) -> str:
    """Return a problem if the entry was anchored with another hash."""
    anchor = anchored.get(seq)
    if anchor is None or anchor.hash == hash:
        return ""
    return (
        f"entry #{seq} is not the one anchored outside the database on {anchor.at} "
        "(the log was rewritten)"
    )


def beyond(anchored: dict[int, Anchor], last: int) -> str:
    """Return a problem if an anchor names an entry past the log's last one."""
    if not anchored or max(anchored) <= last:
        return ""
    anchor = anchored[max(anchored)]
    if last == 0:
        return (
            f"the log is empty, but on {anchor.at} it held {anchor.seq} entries "
            f"(anchored in {path()})"
        )
    return (
        f"entries #{last + 1} to #{anchor.seq} are missing: on {anchor.at} the log "
        f"reached #{anchor.seq} (anchored in {path()})"
    )


def append(*, seq: int, hash: str, reason: str) -> Anchor:
    """Append the head to the anchor file, and email it where configured."""
    at = timezone.now().astimezone(dt.UTC).replace(microsecond=0).isoformat()
    anchor = Anchor(at, seq, hash, reason)
    where = path()
    if where is not None:
        where.parent.mkdir(parents=True, exist_ok=True)
        with where.open("a") as handle:
            handle.write(anchor.line())
            handle.flush()
            os.fsync(handle.fileno())
    _email(anchor)
    return anchor


def _email(anchor: Anchor) -> None:
    to = list(getattr(settings, "SCHOOLGATE_AUDIT_ANCHOR_EMAIL", []) or [])
    if not to:
        return
    body = (
        f"The Schoolgate audit log reached entry #{anchor.seq} at {anchor.at}.\n"
        f"Its hash: {anchor.hash}\n\n"
        "Keep this email. If the log is ever cut short or rewritten, this entry "
        "and hash will no longer be found in it, and `schoolgate audit verify` "
        "with this line in the anchor file says so."
    )
    from schoolgate.notifications.services import send_always  # it logs through this app

    send_always(
        kind="audit.anchor", to=to, subject=f"Schoolgate audit anchor #{anchor.seq}", body=body
    )
