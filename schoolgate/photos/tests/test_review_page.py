"""The head reviewing a post sees its photos read-only, each face and how it is
accounted for, and where the post will go, above the approve button."""

import pytest
from django.urls import reverse

from schoolgate.checks.photos.tests import fixtures
from schoolgate.devices.models import Device
from schoolgate.photos import services
from schoolgate.photos.models import Photo
from schoolgate.photos.selectors import reading_order
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services as publishing


@pytest.fixture
def waiting(personas, post, uploaded, channels):
    """The teacher's post to the blog and Facebook, its photo's faces accounted for."""
    ParameterOverride.objects.create(
        school=personas.school, rule="publishing.approval", param="direct_publishers",
        value=["head"], set_by=personas.head,
    )  # fmt: skip
    Device.objects.create(
        school=personas.school, name="Class camera", kind="camera", make="Canon",
        model="EOS R6", serial=fixtures.SERIAL,
    )  # fmt: skip
    post.channels.add(channels["facebook"])
    photo = Photo.objects.get(pk=uploaded(upload(group_photo()))[0].pk)
    first, *others = reading_order(photo.faces.all())  # face 1 is the first read
    services.face_account(face=first, accounting="visitor", actor=personas.teacher)
    for face in others:
        services.face_account(face=face, accounting="blur", actor=personas.teacher)
    services.photo_describe(
        photo=photo, caption="", alt_text="Visitors at the farm gate", actor=personas.teacher
    )
    return publishing.post_submit(post=post, actor=personas.teacher), photo


def test_the_reviewer_sees_the_photos_faces_and_channels_before_approving(
    waiting, personas, sign_in
):
    post, photo = waiting
    page = sign_in(personas.head).get(reverse("publishing:post", kwargs={"pk": post.pk}))
    html = page.content.decode()
    preview = reverse("photos:preview", kwargs={"pk": photo.pk})
    assert f'src="{preview}"' in html
    assert "Face 1: Accounted for. An adult visitor." in html
    assert "Face 2: Accounted for. Blurred" in html
    assert "Larkspur on Facebook" in html
    assert "Everyone (public)" in html
    assert html.index(preview) < html.index("Approve version 1 and publish")


def test_the_reviewers_photos_are_read_only(waiting, personas, sign_in):
    post, photo = waiting
    html = sign_in(personas.head).get(reverse("publishing:post", kwargs={"pk": post.pk}))
    html = html.content.decode()
    assert reverse("photos:upload", kwargs={"pk": post.pk}) not in html
    assert reverse("photos:blur_without_consent", kwargs={"pk": post.pk}) not in html
    face = photo.faces.first()
    assert reverse("photos:face", kwargs={"pk": face.pk}) not in html
    assert reverse("photos:describe", kwargs={"pk": photo.pk}) not in html
