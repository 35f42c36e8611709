"""Retention: exactly what has expired goes, per kind; a dry run deletes nothing."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.consent.models import Answer, PhotoConsent
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.core.schedule import timetable
from schoolgate.dataprotection.retention import retention_run
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import published_post
from schoolgate.people.tests.factories import (
    PupilFactory,
    RoleFactory,
    SchoolFactory,
    UserFactory,
)
from schoolgate.photos.models import Photo
from schoolgate.publishing.models import LocalDelivery, OutboxItem, Post
from schoolgate.publishing.tests.factories import ChannelFactory
from schoolgate.safeguarding.models import Record
from schoolgate.safeguarding.tests.factories import make_record

NOW = timezone.now()
TODAY = timezone.localdate()


def ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@pytest.fixture(autouse=True)
def photo_store(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    school: Any
    expired: dict[str, list[Any]] = field(default_factory=dict)
    kept: dict[str, list[Any]] = field(default_factory=dict)

    def gone(self, kind: str, row: Any) -> None:
        """Note a row past its period: the run deletes it."""
        self.expired.setdefault(kind, []).append(row)

    def keep(self, kind: str, row: Any) -> None:
        """Note a row the run must keep."""
        self.kept.setdefault(kind, []).append(row)


def _comment(world: World, user: Any, channel: Any, status: str, days: int) -> Any:
    decided = {} if status == "held" else {"decided_by": user, "decided_at": ago(days)}
    return Comment.objects.create(
        school=world.school,
        channel=channel,
        source="external" if channel else "blog",
        external_id=f"fb-{Comment.objects.count()}" if channel else "",
        name="Pat Commenter",
        text=f"Comment {Comment.objects.count()}",
        status=status,
        submitted_at=ago(days),
        **decided,
    )


def _comments(world: World, user: Any) -> None:
    facebook = ChannelFactory(school=world.school, kind="facebook")
    # Monitoring copies: approved comments fetched from Facebook (365 days by default).
    world.gone("monitoring_copies", _comment(world, user, facebook, "approved", 400))
    world.keep("monitoring_copies", _comment(world, user, facebook, "approved", 300))
    # Waiting for a moderator: never deleted, however old.
    world.keep("monitoring_copies", _comment(world, user, facebook, "held", 900))
    # An approved comment on the blog is the school's published page, not a copy.
    world.keep("monitoring_copies", _comment(world, user, None, "approved", 900))
    # Evidence: rejected or deleted comments, 365 days after the decision.
    world.gone("comment_evidence", _comment(world, user, None, "rejected", 400))
    world.gone("comment_evidence", _comment(world, user, facebook, "deleted", 370))
    world.keep("comment_evidence", _comment(world, user, None, "deleted", 100))


def _outbox(world: World, user: Any) -> None:
    channel = ChannelFactory(school=world.school, kind="x", name="X")
    post = published_post(world.school, user, slug="sports-day")

    def item(status: str, days: int) -> OutboxItem:
        made = OutboxItem.objects.create(
            post=post,
            channel=channel,
            version=post.current,
            idempotency_key=f"k{OutboxItem.objects.count()}",
            status=status,
            remote_id="r1" if status == "sent" else "",
            images=[{"photo": 1, "name": "a.jpg"}],
        )
        OutboxItem.objects.filter(pk=made.pk).update(created_at=ago(days))
        return made

    def delivery(days: int) -> LocalDelivery:
        made = LocalDelivery.objects.create(channel=channel, idempotency_key="k", text="Hi")
        LocalDelivery.objects.filter(pk=made.pk).update(created_at=ago(days))
        return made

    # Outbox (90 days): a delivery still online keeps its photo list for takedowns.
    world.keep("outbox_payloads", item("sent", 400))
    world.gone("outbox_payloads", item("failed", 100))
    world.keep("outbox_payloads", item("withdrawn", 30))
    world.gone("outbox_payloads", delivery(100))
    world.keep("outbox_payloads", delivery(10))


def _photo(world: World, user: Any, post: Post, days: int) -> Photo:
    photo = Photo(school=world.school, post=post, uploader=user, original_name="trip.jpg")
    photo.original.save("trip.jpg", ContentFile(b"jpeg"), save=False)
    photo.preview.save("trip.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    Photo.objects.filter(pk=photo.pk).update(created_at=ago(days))
    return photo


def _photos(world: World, user: Any) -> None:
    def draft(slug: str, status: str, days: int) -> Post:
        post = Post.objects.create(school=world.school, author=user, slug=slug, status=status)
        Post.objects.filter(pk=post.pk).update(updated_at=ago(days))
        return post

    # Photos never published (180 days since the post and the photo were touched).
    world.gone("unpublished_photos", _photo(world, user, draft("old", "draft", 200), 200))
    world.gone("unpublished_photos", _photo(world, user, draft("lapsed", "expired", 300), 300))
    world.keep("unpublished_photos", _photo(world, user, draft("new", "draft", 20), 200))
    world.keep("unpublished_photos", _photo(world, user, draft("wait", "submitted", 300), 300))
    published = published_post(world.school, user, slug="published")
    world.keep("unpublished_photos", _photo(world, user, published, 900))


def answer(pupil: Any, *, use: str, days: int, **kwargs: Any) -> PhotoConsent:
    return PhotoConsentFactory(
        pupil=pupil, use=use, given_on=TODAY - dt.timedelta(days=days), **kwargs
    )


def _consents(world: World) -> None:
    pupil = PupilFactory(school=world.school)
    # brize: consent lapses after 12 months; an answer expires 365 days after it lapsed.
    world.gone("expired_consents", answer(pupil, use="blog", days=800))
    world.keep("expired_consents", answer(pupil, use="social", days=500))
    # A current refusal stands until the parent answers again.
    world.keep("expired_consents", answer(pupil, use="press", days=2000, answer=Answer.REFUSED))
    # Replaced answers: 365 days after they were replaced.
    world.gone("expired_consents", answer(pupil, use="website", days=900, superseded_at=ago(400)))
    world.keep("expired_consents", answer(pupil, use="website", days=900, superseded_at=ago(200)))


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    made = World(SchoolFactory(profile="brize"))
    user = UserFactory()
    _comments(made, user)
    _outbox(made, user)
    _photos(made, user)
    _consents(made)
    return made


def _exists(row: Any) -> bool:
    return type(row).objects.filter(pk=row.pk).exists()


def _payload_gone(row: Any) -> bool:
    if isinstance(row, OutboxItem):
        return OutboxItem.objects.get(pk=row.pk).images == []
    if isinstance(row, Comment) and row.status in ("rejected", "deleted"):
        # Evidence: the text goes, the moderation record stays.
        return Comment.objects.get(pk=row.pk).text == ""
    return not _exists(row)


def expected_counts(world: World) -> dict[str, int]:
    return {kind: len(world.expired.get(kind, [])) for kind in world.expired | world.kept}


def test_a_dry_run_counts_per_kind_and_deletes_nothing(world):
    result = retention_run(school=world.school, dry_run=True, now=NOW)

    assert result.counts == expected_counts(world)
    for rows in world.expired.values():
        assert all(_exists(row) and not _payload_gone(row) for row in rows)
    assert not AuditEntry.objects.filter(event="dataprotection.retention_run").exists()


def test_a_run_deletes_exactly_the_expired_items_and_audits_the_counts(
    world, django_capture_on_commit_callbacks
):
    files = [(p.original.storage, p.original.name) for p in world.expired["unpublished_photos"]]
    kept_files = [(p.original.storage, p.original.name) for p in world.kept["unpublished_photos"]]
    with django_capture_on_commit_callbacks(execute=True):
        result = retention_run(school=world.school, now=NOW)

    assert (
        result.counts
        == expected_counts(world)
        == {
            "monitoring_copies": 1,
            "comment_evidence": 2,
            "outbox_payloads": 2,
            "unpublished_photos": 2,
            "expired_consents": 2,
        }
    )
    for kind, rows in world.expired.items():
        assert all(_payload_gone(row) for row in rows), kind
    for kind, rows in world.kept.items():
        assert all(_exists(row) and not _payload_gone(row) for row in rows), kind
    assert not any(storage.exists(name) for storage, name in files)
    assert all(storage.exists(name) for storage, name in kept_files)
    entry = AuditEntry.objects.get(event="dataprotection.retention_run")
    assert entry.school_id == world.school.pk
    assert entry.extra["counts"] == result.counts


def test_an_expired_comment_loses_its_text_and_keeps_its_moderation_record(
    world, personas, sign_in
):
    from schoolgate.moderation.models import ContactLog

    deleted = world.expired["comment_evidence"][1]
    Comment.objects.filter(pk=deleted.pk).update(
        decision_reason="Abusive about a member of staff",
        findings=[{"reason": "Calls a teacher useless", "rule": "abuse", "source": "brize"}],
    )
    ContactLog.objects.create(
        comment=deleted, how="phone", contacted_at=ago(380), outcome="Spoke to the parent.",
        recorded_by=deleted.decided_by,
    )  # fmt: skip
    retention_run(school=world.school, now=NOW)

    kept = Comment.objects.get(pk=deleted.pk)
    assert (kept.text, kept.findings) == ("", [])
    assert kept.text_removed_note == "Text removed after 365 days under retention."
    assert (kept.status, kept.decided_by, kept.decided_at) == (
        "deleted", deleted.decided_by, deleted.decided_at,
    )  # fmt: skip
    assert kept.decision_reason == "Abusive about a member of staff"
    assert ContactLog.objects.filter(comment=kept).count() == 1
    kept.full_clean()  # still a valid comment: its record can be worked on

    # The head opening it reads who decided, why, and that the words went.
    Comment.objects.filter(pk=kept.pk).update(school=personas.school)
    page = sign_in(personas.head).get(reverse("moderation:comment", args=[kept.pk]))
    text = page.content.decode()
    assert "Text removed after 365 days under retention." in text
    assert "Abusive about a member of staff" in text and "Spoke to the parent." in text
    assert "The text is kept as evidence" not in text


def test_a_second_run_finds_nothing_more(world):
    retention_run(school=world.school, now=NOW)
    assert retention_run(school=world.school, now=NOW).total == 0


def test_the_schools_own_period_decides(world):
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=world.school, rule="data.retention", param="days", value=200,
        set_by=UserFactory(),
    )  # fmt: skip
    # The 300-day-old monitoring copy is now past the school's period too.
    assert (
        retention_run(school=world.school, dry_run=True, now=NOW).counts["monitoring_copies"] == 2
    )


def test_safeguarding_records_past_review_are_listed_never_deleted(db):
    school = SchoolFactory(profile="brize")
    # A pupil now 30: a record about them is kept until they turn 25.
    grown_up = PupilFactory(school=school, date_of_birth=dt.date(TODAY.year - 30, 1, 1))
    reporter = UserFactory()
    RoleFactory(user=reporter, school=school, role="teacher")
    record = make_record(school, reporter, pupils=[grown_up])

    result = retention_run(school=school, now=NOW)

    assert [due.record for due in result.safeguarding_due] == [record]
    assert Record.objects.filter(pk=record.pk).exists()


def test_the_command_and_the_daily_job(world):
    assert "retention" in [job.command for job in timetable()]
    out = io.StringIO()
    call_command("retention", "--dry-run", "--school", world.school.slug, stdout=out)
    assert "would remove 9 item(s)" in out.getvalue()
    assert "monitoring_copies: 1" in out.getvalue()
    assert Comment.objects.filter(pk=world.expired["monitoring_copies"][0].pk).exists()

    call_command("retention", "--school", world.school.slug, stdout=out)
    assert "removed 9 item(s)" in out.getvalue()
    assert not Comment.objects.filter(pk=world.expired["monitoring_copies"][0].pk).exists()
