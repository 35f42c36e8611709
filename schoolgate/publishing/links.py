"""One-click approve/reject links in the approval email: signed and expiring.

A link names the post, the exact version (its content hash), the approver it
was sent to and what it does. It only opens a confirm page: the approver
still signs in, still needs the permission, and an edit since the email was
sent makes the link stale (the hash no longer matches).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core import signing

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

SALT = "schoolgate.publishing.approval-link"
MAX_AGE = timedelta(days=3)
DECISIONS = ("approve", "reject")


@dataclass(frozen=True)
class ApprovalLink:
    post_id: int
    content_hash: str
    user_id: int
    decision: str


def approval_token(*, post: Any, approver: User, decision: str) -> str:
    """Return the signed token of a link for one approver, post version and decision."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    payload = {"p": post.pk, "h": post.current.content_hash, "u": approver.pk, "d": decision}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_approval_token(token: str, *, max_age: timedelta | None = None) -> ApprovalLink:
    """Return what a token says; raise SignatureExpired or BadSignature if it cannot be used."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE if max_age is None else max_age)
    if data.get("d") not in DECISIONS:
        raise signing.BadSignature("unknown decision")
    return ApprovalLink(int(data["p"]), str(data["h"]), int(data["u"]), data["d"])
