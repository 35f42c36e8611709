"""A post's photos go out with it: public renditions only, within each platform's limit.

The local transport records what each channel would have been sent; the
rendition it names is the blurred, metadata-free copy the blog shows, never
the camera's original.
"""

import hashlib
import io
import json

import pytest
import requests
import responses
from django.urls import reverse
from PIL import Image

from schoolgate.checks.photos.tests import fixtures
from schoolgate.devices.models import Device
from schoolgate.photos import services as photos
from schoolgate.photos.models import Photo
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.publishing import services
from schoolgate.publishing.models import LocalDelivery, OutboxItem, TakedownStep
from schoolgate.publishing.outbox import outbox_send
from schoolgate.publishing.takedowns import pupil_takedown
from schoolgate.publishing.tests.factories import ChannelFactory

MASTODON = "https://mastodon.example"


@pytest.fixture(autouse=True)
def photo_store(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def with_photos(make_post, personas, django_capture_on_commit_callbacks):
    """Return a function that starts a post with `count` checked photos, faces of visitors."""
    Device.objects.create(
        school=personas.school, name="Class camera", kind="camera", make="Canon",
        model="EOS R6", serial=fixtures.SERIAL,
    )  # fmt: skip

    def _with_photos(count=1, **kwargs):
        post = make_post(**kwargs)
        files = [upload(group_photo(), f"farm-{n}.jpg") for n in range(count)]
        with django_capture_on_commit_callbacks(execute=True):
            uploaded = photos.photos_upload(post=post, files=files, actor=personas.teacher)
        for photo in Photo.objects.filter(pk__in=[p.pk for p in uploaded]):
            assert photo.status == Photo.Status.READY, photo.refused_reason
            for face in photo.faces.all():
                photos.face_account(face=face, accounting="visitor", actor=personas.teacher)
            photos.photo_describe(
                photo=photo,
                caption=f"{photo.original_name} caption",
                alt_text=f"Visitors at the farm gate ({photo.original_name})",
                actor=personas.teacher,
            )
        return post

    return _with_photos


def _text(body):
    return body.decode() if isinstance(body, bytes) else body


def _sha(photo):
    with photo.rendition.open("rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_a_published_post_sends_its_photos_public_rendition_to_each_social_channel(
    with_photos, personas, channels, submit
):
    post = with_photos(1)
    submit(post, personas.teacher)
    photo = Photo.objects.get(post=post)
    delivery = LocalDelivery.objects.get(channel=channels["facebook"])
    [image] = delivery.images
    assert image["sha256"] == _sha(photo)
    assert image["name"] == photo.rendition.name.removeprefix("public/")
    assert image["mime_type"] == "image/jpeg"
    assert image["alt_text"] == "Visitors at the farm gate (farm-0.jpg)"  # as written
    with photo.original.open("rb") as f:
        assert image["sha256"] != hashlib.sha256(f.read()).hexdigest()  # never the original
    # What went out carries none of the camera's metadata (serial, GPS, owner).
    with photo.rendition.open("rb") as f:
        sent = Image.open(io.BytesIO(f.read()))
    assert not sent.getexif() and "exif" not in sent.info and "xmp" not in sent.info
    # Every social channel got the same photo; the outbox item records it too.
    mastodon = LocalDelivery.objects.get(channel=channels["mastodon"])
    assert [i["sha256"] for i in mastodon.images] == [image["sha256"]]
    item = OutboxItem.objects.get(post=post, channel=channels["facebook"])
    assert [i["photo"] for i in item.images] == [photo.pk]


def test_a_platform_that_takes_four_gets_the_first_four_and_the_post_page_says_so(
    with_photos, personas, channels, submit, sign_in
):
    x = ChannelFactory(school=personas.school, kind="x", name="Larkspur on X")
    post = with_photos(5, channels=[channels["blog"], channels["facebook"], x])
    submit(post, personas.teacher)
    first = list(Photo.objects.filter(post=post).order_by("created_at", "pk"))
    sent = LocalDelivery.objects.get(channel=x).images
    assert [i["photo"] for i in sent] == [p.pk for p in first[:4]]
    assert len(LocalDelivery.objects.get(channel=channels["facebook"]).images) == 5
    assert OutboxItem.objects.get(post=post, channel=x).images_left_out == 1
    page = (
        sign_in(personas.teacher).get(reverse("publishing:post", args=[post.pk])).content.decode()
    )
    assert "takes at most 4 photos a post: the first 4 of 5 go there" in page
    assert "with 4 photos; 1 more not sent" in page


def test_a_post_without_photos_sends_none(make_post, personas, channels, submit):
    submit(make_post(), personas.teacher)
    assert LocalDelivery.objects.get(channel=channels["facebook"]).images == []


@responses.activate
def test_a_retry_after_mastodon_took_the_post_uploads_no_second_post(
    with_photos, personas, channels, settings, django_capture_on_commit_callbacks
):
    settings.SCHOOLGATE_LIVE_CHANNELS = True
    services.channel_set_credentials(
        channel=channels["mastodon"],
        credentials={"access_token": "t", "instance_url": MASTODON},
        actor=personas.head,
    )
    uploads, posted = [], []

    def media(request):
        uploads.append(request)
        return 200, {}, json.dumps({"id": f"m{len(uploads)}", "type": "image", "url": "u"})

    def status_then_drop(request):
        posted.append(request)
        if len(posted) == 1:
            raise requests.ConnectionError("reset before the server took it")
        raise requests.ConnectionError("reset after the server took the post")

    responses.add_callback(responses.POST, f"{MASTODON}/api/v2/media", callback=media)
    responses.add_callback(
        responses.POST, f"{MASTODON}/api/v1/statuses", callback=status_then_drop
    )
    post = with_photos(1, channels=[channels["blog"], channels["mastodon"]])
    with django_capture_on_commit_callbacks(execute=False):
        services.post_submit(post=post, actor=personas.teacher)
    item = OutboxItem.objects.get(post=post, channel=channels["mastodon"])
    responses.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json={"id": "3"})
    statuses = responses.get(f"{MASTODON}/api/v1/accounts/3/statuses", json=[])

    # 1: the status never arrived. 2: nothing found, so media and status go again.
    first = outbox_send(item.pk)
    assert first.status == "retrying", first.last_error
    assert len(uploads) == 1 and len(posted) == 1, (first.last_error, responses.calls)
    assert outbox_send(item.pk).status == "retrying"
    assert len(uploads) == 2 and len(posted) == 2
    assert "m2" in _text(posted[1].body)  # the second post names the second upload

    # 3: the platform has it now: recorded, no third upload and no third post.
    from schoolgate.publishing.platforms import marker

    statuses.body = json.dumps(
        [{"id": "77", "url": "", "content": f"<p>x {marker(item.idempotency_key)}</p>"}]
    )
    item = outbox_send(item.pk)
    assert (item.status, item.remote_id) == ("sent", "77")
    assert len(uploads) == 2 and len(posted) == 2
    assert [i["photo"] for i in item.images] == [Photo.objects.get(post=post).pk]


def test_withdrawing_consent_for_a_child_only_in_a_photo_withdraws_the_social_copies(
    with_photos, personas, channels, submit, django_capture_on_commit_callbacks
):
    from schoolgate.people.tests.factories import PupilFactory

    amy = PupilFactory(school=personas.school)
    with_photo, sent_before = (submit(with_photos(1), personas.teacher) for _ in range(2))
    for post in (with_photo, sent_before):
        face = Photo.objects.get(post=post).faces.first()
        face.accounting, face.pupil = "pupil", amy
        face.save()
    # This one went to Facebook as text only (before photos went out with posts).
    OutboxItem.objects.filter(post=sent_before, channel=channels["facebook"]).update(images=[])

    with django_capture_on_commit_callbacks(execute=True):
        takedown = pupil_takedown(pupil=amy, uses=["social"], reason="consent")
    steps = TakedownStep.objects.filter(takedown=takedown, post=with_photo)
    assert {s.step for s in steps} == {"withdrawing", "rerendered"}
    withdrawn = OutboxItem.objects.filter(kind="publish", status="withdrawn")
    assert {(i.post_id, i.channel_id) for i in withdrawn} == {
        (with_photo.pk, channels["facebook"].pk),
        (with_photo.pk, channels["mastodon"].pk),
        (sent_before.pk, channels["mastodon"].pk),
    }
    assert LocalDelivery.objects.filter(withdrawn_at__isnull=False).count() == 3
    # The blog keeps the posts (the photo is re-rendered with the child blurred).
    with_photo.refresh_from_db()
    assert with_photo.status == "published"


def test_a_photo_of_a_child_without_social_media_consent_never_reaches_a_social_channel(
    with_photos, personas, channels, submit
):
    from schoolgate.consent.tests.factories import PhotoConsentFactory
    from schoolgate.people.tests.factories import PupilFactory

    ben = PupilFactory(school=personas.school)
    PhotoConsentFactory(pupil=ben, use="blog")  # the blog only, not social media
    post = with_photos(1)
    face = Photo.objects.get(post=post).faces.first()
    photos.face_account(face=face, accounting="pupil", pupil=ben, actor=personas.teacher)
    post = submit(post, personas.teacher)
    assert post.status == "published"
    assert not OutboxItem.objects.filter(post=post).exists()
    assert not LocalDelivery.objects.exists()
