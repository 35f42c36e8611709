"""Work a killed worker left half done is swept up by `schoolgate schedule`,
never done twice, and shown on the dashboard until it is (issue 13, item 11).

A takedown's withdrawal stuck "sending" would leave a child's photo online;
a photo whose check was interrupted would never be checked.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from schoolgate.people.tests.factories import RoleFactory, UserFactory
from schoolgate.photos import services as photos
from schoolgate.photos.models import Photo
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.publishing import services, takedowns
from schoolgate.publishing.connectors import LocalOutbox, Message
from schoolgate.publishing.models import LocalDelivery, OutboxItem

LONG_AGO = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def photo_store(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _schedule_once() -> None:
    call_command("schedule", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _published(make_post, personas, capture, *, send: bool):
    post = make_post()
    with capture(execute=send):
        services.post_submit(post=post, actor=personas.head)
    return post


def _killed_mid_send(item: OutboxItem) -> None:
    """The worker claimed the item, the platform took it, then the worker died."""
    OutboxItem.objects.filter(pk=item.pk).update(
        status=OutboxItem.Status.SENDING, attempts=1, sending_since=timezone.now() - LONG_AGO
    )


def test_a_delivery_left_sending_is_resumed_by_its_key_and_posted_once(
    make_post, personas, django_capture_on_commit_callbacks
):
    post = _published(make_post, personas, django_capture_on_commit_callbacks, send=False)
    item = post.outbox.get(channel__kind="facebook")
    LocalOutbox(item.channel).publish(Message(item.idempotency_key, "Concert", "t", ""))
    _killed_mid_send(item)

    _schedule_once()

    item.refresh_from_db()
    assert item.status == OutboxItem.Status.SENT
    assert LocalDelivery.objects.filter(idempotency_key=item.idempotency_key).count() == 1


def test_a_takedown_withdrawal_left_sending_is_finished(
    make_post, personas, django_capture_on_commit_callbacks
):
    post = _published(make_post, personas, django_capture_on_commit_callbacks, send=True)
    assert LocalDelivery.objects.filter(withdrawn_at__isnull=True).count() == 2
    with django_capture_on_commit_callbacks(execute=False):
        takedowns.post_take_down(post=post, reason="A parent asked", actor=personas.head)
    for withdrawal in OutboxItem.objects.filter(kind="withdraw"):
        _killed_mid_send(withdrawal)

    _schedule_once()

    assert set(OutboxItem.objects.filter(kind="withdraw").values_list("status", flat=True)) == {
        "sent"
    }
    assert not LocalDelivery.objects.filter(withdrawn_at__isnull=True).exists()


def test_a_photo_whose_check_was_interrupted_is_checked_without_opening_its_page(
    make_post, personas
):
    post = make_post(author=personas.teacher)
    [photo] = photos.photos_upload(
        post=post, files=[upload(group_photo())], actor=personas.teacher
    )  # its task never reached a worker
    Photo.objects.filter(pk=photo.pk).update(
        status=Photo.Status.ANALYSING, updated_at=timezone.now() - LONG_AGO
    )

    _schedule_once()

    photo.refresh_from_db()
    assert photo.status == Photo.Status.READY


def test_the_dashboard_shows_stuck_work_to_ict_and_leaders_only(
    client, sign_in, make_post, personas, django_capture_on_commit_callbacks
):
    post = _published(make_post, personas, django_capture_on_commit_callbacks, send=True)
    with django_capture_on_commit_callbacks(execute=False):
        takedowns.post_take_down(post=post, reason="A parent asked", actor=personas.head)
    for withdrawal in OutboxItem.objects.filter(kind="withdraw"):
        _killed_mid_send(withdrawal)
    dashboard = reverse("web:dashboard")

    ict = sign_in(personas.ict).get(dashboard).content.decode()
    assert "Work left half done" in ict
    assert "2 takedowns" in ict
    assert "schoolgate send_outbox" in ict
    head = sign_in(personas.head).get(dashboard).content.decode()
    assert "2 takedowns" in head
    assert "tell your ICT support" in head
    teacher = UserFactory()
    RoleFactory(user=teacher, school=personas.school, role="teacher")
    assert "Work left half done" not in sign_in(teacher).get(dashboard).content.decode()

    _schedule_once()
    assert "Work left half done" not in sign_in(personas.ict).get(dashboard).content.decode()
