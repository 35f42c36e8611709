"""What the profile's `data.retention` rule says has expired, and deleting it (C9.2).

Five kinds of working data are deleted once their period ends, each period a
parameter of the rule:

- monitoring copies: approved comments fetched from a social channel
  (`days` after they were written; whmat 9.3 keeps monitoring copies only
  for the period its retention schedule sets);
- comment evidence: the text of rejected or deleted comments, kept as
  evidence of what was said (`evidence_days` after the decision). The
  rule expires the text, not the moderation record: who decided what, when
  and why, the contacts, notes and meetings stay, the text is blanked and
  the comment says "text removed after N days under retention";
- outbox payloads: the local transport's copies of what was sent, and the
  photo list of deliveries that are over and no longer online
  (`outbox_days`); a delivery still online keeps its list, because a
  takedown finds a child's photo through it;
- photos never published: originals, previews and renditions of photos
  in drafts, sent-back or lapsed posts nobody has touched for
  `unpublished_photo_days`;
- expired consent answers: given consent that lapsed, and answers replaced
  by a newer one, `expired_consent_days` after that (a current refusal or
  withdrawal never expires: it stands until the parent answers again).

Comments still waiting for a moderator are never deleted. Safeguarding
records are not touched: those past their retention date are listed for
the DSL, whose recorded decision alone destroys one
(`safeguarding.retention.record_retention_review`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.compliance.dates import last_start_ending_by
from schoolgate.consent.models import Answer, PhotoConsent
from schoolgate.consent.policy import expiry_months
from schoolgate.dataprotection.policy import retention_days
from schoolgate.moderation.models import Comment
from schoolgate.photos.models import Photo
from schoolgate.publishing.models import LocalDelivery, OutboxItem, Post

if TYPE_CHECKING:
    from schoolgate.core.types import Actor

RULE = "data.retention"

#: The kinds of data deleted, in the order they are reported.
KINDS: dict[str, str] = {
    "monitoring_copies": "Monitoring copies of comments fetched from social channels",
    "comment_evidence": "Texts of rejected or deleted comments kept as evidence",
    "outbox_payloads": "Copies of what was sent to channels",
    "unpublished_photos": "Photos in posts never published",
    "expired_consents": "Photo-consent answers lapsed or replaced",
}
#: Posts whose photos are past any chance of going out without someone acting.
IDLE_POSTS = (Post.Status.DRAFT, Post.Status.REJECTED, Post.Status.EXPIRED)
#: Deliveries over and no longer online: their photo list finds nothing to take down.
DONE_DELIVERIES = Q(kind=OutboxItem.Kind.PUBLISH, status__in=["failed", "withdrawn"]) | Q(
    kind=OutboxItem.Kind.WITHDRAW, status__in=["sent", "failed"]
)


@dataclass
class RetentionResult:
    """What a run found (and, unless a dry run, deleted) at one school."""

    school: Any
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    safeguarding_due: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _before(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def expired(school: Any, *, now: dt.datetime | None = None) -> dict[str, models.QuerySet[Any]]:
    """Return, per kind, the school's rows whose retention period has ended."""
    now = now or timezone.now()
    days = retention_days(school)
    return {kind: _QUERIES[kind](school, now, days[_PARAMS[kind]]) for kind in KINDS}


def _monitoring_copies(school: Any, now: dt.datetime, days: int) -> Any:
    return Comment.objects.filter(
        school=school,
        source=Comment.Source.EXTERNAL,
        status=Comment.Status.APPROVED,
        submitted_at__lt=_before(now, days),
    )


def _comment_evidence(school: Any, now: dt.datetime, days: int) -> Any:
    return Comment.objects.filter(
        school=school,
        status__in=[Comment.Status.REJECTED, Comment.Status.DELETED],
        decided_at__lt=_before(now, days),
        text_removed_at__isnull=True,
    )


def _outbox_payloads(school: Any, now: dt.datetime, days: int) -> Any:
    return OutboxItem.objects.filter(
        DONE_DELIVERIES, post__school=school, created_at__lt=_before(now, days)
    ).exclude(images=[])


def _local_deliveries(school: Any, now: dt.datetime, days: int) -> Any:
    return LocalDelivery.objects.filter(channel__school=school, created_at__lt=_before(now, days))


def _unpublished_photos(school: Any, now: dt.datetime, days: int) -> Any:
    cutoff = _before(now, days)
    return Photo.objects.filter(
        school=school,
        post__status__in=IDLE_POSTS,
        post__published_at__isnull=True,
        post__updated_at__lt=cutoff,
        created_at__lt=cutoff,
    )


def _expired_consents(school: Any, now: dt.datetime, days: int) -> Any:
    cutoff = _before(now, days)
    replaced = Q(superseded_at__lt=cutoff)
    months = expiry_months(school)
    lapsed = Q(pk__in=[])
    if months:
        lapsed = Q(
            superseded_at=None,
            answer=Answer.GIVEN,
            given_on__lte=last_start_ending_by(timezone.localdate(cutoff), months),
        )
    return PhotoConsent.objects.filter(replaced | lapsed, school=school)


_PARAMS = {
    "monitoring_copies": "days",
    "comment_evidence": "evidence_days",
    "outbox_payloads": "outbox_days",
    "unpublished_photos": "unpublished_photo_days",
    "expired_consents": "expired_consent_days",
}
_QUERIES = {
    "monitoring_copies": _monitoring_copies,
    "comment_evidence": _comment_evidence,
    "outbox_payloads": _outbox_payloads,
    "unpublished_photos": _unpublished_photos,
    "expired_consents": _expired_consents,
}


def retention_run(
    *, school: Any, dry_run: bool = False, actor: Actor = None, now: dt.datetime | None = None
) -> RetentionResult:
    """Delete (or, in a dry run, only count) what has expired at the school.

    A real run writes one audit entry with the count per kind, in the same
    transaction as the deletions; photo files go once it has committed.
    """
    from schoolgate.safeguarding.retention import due_for_review

    now = now or timezone.now()
    result = RetentionResult(school, dry_run, safeguarding_due=due_for_review(school))
    with transaction.atomic():
        found = expired(school, now=now)
        outbox_days = retention_days(school)["outbox_days"]
        local = _local_deliveries(school, now, outbox_days)
        result.counts = {kind: rows.count() for kind, rows in found.items()}
        result.counts["outbox_payloads"] += local.count()
        if dry_run:
            return result
        _delete(found, local, now=now, evidence_days=retention_days(school)["evidence_days"])
        audit_log(
            event="dataprotection.retention_run",
            actor=actor,
            school=school,
            label=f"retention: {result.total} item(s) deleted or blanked",
            extra={
                "counts": result.counts,
                "safeguarding_due_for_review": len(result.safeguarding_due),
            },
        )
    return result


def _delete(found: dict[str, Any], local: Any, *, now: dt.datetime, evidence_days: int) -> None:
    found["monitoring_copies"].delete()
    _blank_evidence(found["comment_evidence"], now=now, days=evidence_days)
    found["outbox_payloads"].update(images=[])
    local.delete()
    photos = list(found["unpublished_photos"])
    files = [
        (field.storage, field.name)
        for photo in photos
        for field in (photo.original, photo.preview, photo.rendition)
        if field.name
    ]
    Photo.objects.filter(pk__in=[p.pk for p in photos]).delete()
    found["expired_consents"].delete()
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: _delete_files(files))


def _blank_evidence(comments: Any, *, now: dt.datetime, days: int) -> None:
    """Remove the kept text of the comments, and what would repeat it.

    Triage's findings quote the words they matched and the content hash
    stands for the text, so both go with it; the labels, the decision and
    its reason stay as the moderation record.
    """
    comments.update(
        text="",
        content_hash="",
        findings=[],
        text_removed_at=now,
        text_removed_note=f"Text removed after {days} days under retention.",
    )


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
