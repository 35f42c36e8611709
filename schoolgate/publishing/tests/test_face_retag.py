"""A face tag corrected after publishing (the wrong one of two pupils called
Kemi), consent asked again for the pupil now tagged; and the public copy
shown before a post goes out."""

import pytest
from django.urls import reverse

from schoolgate.checks.photos.tests import fixtures
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.devices.models import Device
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.photos import services as photos
from schoolgate.photos.models import Photo
from schoolgate.photos.selectors import photos_showing
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.publishing import services
from schoolgate.publishing.models import LocalDelivery, Post, Takedown
from schoolgate.publishing.tests.factories import post_page


@pytest.fixture(autouse=True)
def photo_store(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _kemi(personas, mis, *uses):
    pupil = PupilFactory(
        school=personas.school, first_name="Kemi", surname="Okafor", mis_id=mis, class_name="4B"
    )
    for use in uses:
        PhotoConsentFactory(pupil=pupil, use=use)
    return pupil


@pytest.fixture
def kemis(personas):
    """Two pupils called Kemi Okafor: one with consent for both uses, one for the blog only."""
    return _kemi(personas, "K100", "blog", "social"), _kemi(personas, "K200", "blog")


@pytest.fixture
def photo_post(make_post, personas, kemis, django_capture_on_commit_callbacks):
    """A teacher's post with one photo: one face tagged as the first Kemi, the rest visitors."""
    Device.objects.create(
        school=personas.school, name="Class camera", kind="camera", make="Canon",
        model="EOS R6", serial=fixtures.SERIAL,
    )  # fmt: skip
    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        [photo] = photos.photos_upload(
            post=post, files=[upload(group_photo(), "choir.jpg")], actor=personas.teacher
        )
    photo = Photo.objects.get(pk=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert photo.status == Photo.Status.READY, photo.refused_reason
        first, *others = photo.faces.order_by("pk")
        photos.face_account(face=first, accounting="pupil", pupil=kemis[0], actor=personas.teacher)
        for face in others:
            photos.face_account(face=face, accounting="visitor", actor=personas.teacher)
        photos.photo_describe(
            photo=photo, caption="", alt_text="The choir singing", actor=personas.teacher
        )
    return post


def _publish(post, personas, capture):
    with capture(execute=True):
        post = services.post_submit(post=post, actor=personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    return post


def _retag(client, post, face, pupil, capture):
    with capture(execute=True):
        return client.post(
            reverse("publishing:face_tags", kwargs={"pk": post.pk}),
            {"face": face.pk, "pupil": pupil.pk},
        )


def test_the_page_tells_the_two_kemis_apart(
    photo_post, personas, kemis, sign_in, django_capture_on_commit_callbacks
):
    post = _publish(photo_post, personas, django_capture_on_commit_callbacks)
    page = sign_in(personas.teacher).get(reverse("publishing:face_tags", kwargs={"pk": post.pk}))
    text = page.content.decode()
    assert "Kemi Okafor (4B, MIS K100)" in text and "Kemi Okafor (4B, MIS K200)" in text


def test_retagging_to_a_pupil_without_social_consent_withdraws_the_social_copies(
    photo_post, personas, kemis, sign_in, django_capture_on_commit_callbacks
):
    post = _publish(photo_post, personas, django_capture_on_commit_callbacks)
    assert LocalDelivery.objects.filter(withdrawn_at=None).count() == 2
    face = Photo.objects.get(post=post).faces.get(pupil=kemis[0])
    client = sign_in(personas.teacher)
    response = _retag(client, post, face, kemis[1], django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert not photos_showing(kemis[0]).exists()  # the wrong parent no longer sees it
    assert photos_showing(kemis[1]).exists()
    takedown = Takedown.objects.get(pupil=kemis[1])
    assert takedown.reason == "retag" and takedown.uses == ["social"]
    assert not LocalDelivery.objects.filter(withdrawn_at=None).exists()
    face.refresh_from_db()
    assert face.accounting == "blur"  # blurred in the blog's copy
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_retagging_to_a_pupil_with_consent_takes_nothing_down(
    photo_post, personas, kemis, sign_in, django_capture_on_commit_callbacks
):
    post = _publish(photo_post, personas, django_capture_on_commit_callbacks)
    third = _kemi(personas, "K300", "blog", "social")
    face = Photo.objects.get(post=post).faces.get(pupil=kemis[0])
    _retag(sign_in(personas.teacher), post, face, third, django_capture_on_commit_callbacks)
    face.refresh_from_db()
    assert face.pupil == third and face.accounting == "pupil"
    assert not Takedown.objects.exists()
    assert LocalDelivery.objects.filter(withdrawn_at=None).count() == 2


def test_a_colleague_cannot_retag_someone_elses_post(
    photo_post, personas, kemis, sign_in, django_capture_on_commit_callbacks
):
    from schoolgate.people.tests.factories import RoleFactory, UserFactory

    post = _publish(photo_post, personas, django_capture_on_commit_callbacks)
    other = UserFactory()
    RoleFactory(user=other, school=personas.school, role="teacher")
    face = Photo.objects.get(post=post).faces.get(pupil=kemis[0])
    response = _retag(sign_in(other), post, face, kemis[1], django_capture_on_commit_callbacks)
    assert response.status_code == 404
    face.refresh_from_db()
    assert face.pupil == kemis[0]


def test_the_post_page_shows_the_blurred_public_copy(
    photo_post, personas, sign_in, django_capture_on_commit_callbacks
):
    photo = Photo.objects.get(post=photo_post)
    face = photo.faces.order_by("pk").last()
    with django_capture_on_commit_callbacks(execute=True):
        photos.face_account(face=face, accounting="blur", actor=personas.teacher)
    photo.refresh_from_db()
    assert face.box in photo.rendered_blur
    client = sign_in(personas.teacher)
    url = reverse("photos:public_copy", kwargs={"pk": photo.pk})
    assert url in post_page(client, photo_post)
    response = client.get(url)
    assert response.status_code == 200
    with photo.rendition.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
