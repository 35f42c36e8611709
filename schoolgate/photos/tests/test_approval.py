"""An approval vouches for the photos as the approver saw them, faces and all."""

import pytest
from django.core.exceptions import ValidationError

from schoolgate.checks.photos.tests import fixtures
from schoolgate.devices.models import Device
from schoolgate.photos import services
from schoolgate.photos.models import Photo
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services as publishing
from schoolgate.publishing.models import Post


@pytest.fixture
def submitted(personas, post, uploaded):
    """The teacher's post with a checked photo, every face a visitor, waiting for the head."""
    for param, value in (("approvers", ["head"]), ("direct_publishers", [])):
        ParameterOverride.objects.create(
            school=personas.school, rule="publishing.approval", param=param, value=value,
            set_by=personas.head,
        )  # fmt: skip
    Device.objects.create(
        school=personas.school, name="Class camera", kind="camera", make="Canon",
        model="EOS R6", serial=fixtures.SERIAL,
    )  # fmt: skip
    photo = Photo.objects.get(pk=uploaded(upload(group_photo()))[0].pk)
    for face in photo.faces.all():
        services.face_account(face=face, accounting="visitor", actor=personas.teacher)
    services.photo_describe(
        photo=photo, caption="", alt_text="Three visitors at the farm gate", actor=personas.teacher
    )
    post = publishing.post_submit(post=post, actor=personas.teacher)
    assert post.status == Post.Status.SUBMITTED
    return post, photo


def test_a_caption_changed_after_the_approver_looked_is_not_approved(submitted, personas):
    post, photo = submitted
    seen = publishing.approval_hash(post)
    post.status = Post.Status.DRAFT  # sent back by the approver, then edited
    post.save(update_fields=["status"])
    services.photo_describe(
        photo=photo, caption="At the farm", alt_text=photo.alt_text, actor=personas.teacher
    )
    assert publishing.approval_hash(post) != seen


def test_a_face_changed_after_the_approver_looked_is_not_approved(submitted, personas):
    post, photo = submitted
    seen = publishing.approval_hash(post)
    face = photo.faces.first()
    services.face_account(face=face, accounting="blur", actor=personas.teacher)
    with pytest.raises(ValidationError, match="changed after you opened it"):
        publishing.post_approve(post=post, content_hash=seen, actor=personas.head)
    post = publishing.post_approve(
        post=post, content_hash=publishing.approval_hash(post), actor=personas.head
    )
    assert post.status == Post.Status.PUBLISHED


def test_a_retag_after_approval_stops_publishing_until_approved_again(submitted, personas):
    post, photo = submitted
    pause = publishing.publishing_pause(
        school=personas.school, reason="Checking a photo", actor=personas.head
    )
    with pytest.raises(ValidationError, match="paused"):
        publishing.post_approve(
            post=post, content_hash=publishing.approval_hash(post), actor=personas.head
        )
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED and post.approvals.count() == 1
    publishing.publishing_resume(pause=pause, actor=personas.head)

    face = photo.faces.first()
    services.face_account(face=face, accounting="blur", actor=personas.teacher)
    with pytest.raises(ValidationError, match="not been approved"):
        publishing.post_publish(post=post, actor=personas.teacher)

    post = publishing.post_submit(post=post, actor=personas.teacher)
    post = publishing.post_approve(
        post=post, content_hash=publishing.approval_hash(post), actor=personas.head
    )
    assert post.status == Post.Status.PUBLISHED


def test_a_post_without_photos_keeps_its_versions_hash(post):
    assert publishing.approval_hash(post) == post.current.content_hash
