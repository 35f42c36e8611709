"""Correcting a published post in the browser, and the public copy seen
before a post goes out."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.checks.photos.tests import fixtures
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.devices.models import Device
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.photos import services as photos
from schoolgate.photos.models import Photo
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.models import Channel, LocalDelivery, Post
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def needs_approval(personas):
    ParameterOverride.objects.create(
        school=personas.school, rule="publishing.approval", param="direct_publishers",
        value=["head"], set_by=personas.head,
    )  # fmt: skip


def test_a_teacher_corrects_a_published_post_and_the_head_approves_the_correction(
    sign_in_page, personas, needs_approval
):
    school = personas.school
    blog = Channel.objects.create(school=school, kind="blog", name="Larkspur news")
    facebook = Channel.objects.create(school=school, kind="facebook", name="Larkspur on Facebook")
    x = Channel.objects.create(school=school, kind="x", name="Larkspur on X")
    post = services.post_create(
        school=school, title="Sports day", body="Sports day is on Friday 3 July.",
        actor=personas.teacher, channels=[blog, facebook, x],
    )  # fmt: skip
    services.post_submit(post=post, actor=personas.teacher)
    services.post_approve(
        post=post, content_hash=services.approval_hash(post), actor=personas.head
    )
    assert LocalDelivery.objects.count() == 2

    page = sign_in_page(personas.teacher)
    page.goto(reverse("publishing:post", kwargs={"pk": post.pk}))
    page.get_by_role("link", name="Correct this post").click()
    expect(page.locator("body")).to_contain_text("stays on the blog and on every channel")
    expect(page.locator(".correction-plan")).to_contain_text("edited in place")
    expect(page.locator(".correction-plan")).to_contain_text("the old post is deleted")
    page.get_by_label("Body").fill("Sports day is on Friday 10 July.")
    page.get_by_role("button", name="Save correction").click()
    expect(page.locator("body")).to_contain_text("Correction saved")
    page.get_by_role(
        "button", name=re.compile(r"^Send the correction to .* for approval$")
    ).click()
    expect(page.locator("body")).to_contain_text("Correction sent for approval")

    blog_url = reverse("blog:post", kwargs={"school": school.slug, "slug": post.slug})
    page.goto(blog_url)
    expect(page.locator("main")).to_contain_text("Friday 3 July")  # still the old version
    page.wait_for_load_state("networkidle")  # one request at a time on the shared SQLite

    page = sign_in_page(personas.head)
    page.goto(reverse("publishing:post", kwargs={"pk": post.pk}))
    expect(page.locator("body")).to_contain_text("Correction waiting for approval")
    screenshot(page, "publishing-correction")
    page.get_by_role("button", name=re.compile("and publish the correction")).click()
    expect(page.locator("body")).to_contain_text("Approved and published")

    page.goto(blog_url)
    expect(page.locator("main")).to_contain_text("Friday 10 July")
    assert Post.objects.get(pk=post.pk).published.number == 2
    on_facebook = LocalDelivery.objects.get(channel=facebook)
    assert "10 July" in on_facebook.text and on_facebook.edited_at
    old, new = LocalDelivery.objects.filter(channel=x).order_by("pk")
    assert old.withdrawn_at and "10 July" in new.text


def test_the_head_sees_the_blurred_public_copy_before_approving(
    sign_in_page, personas, needs_approval, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    school = personas.school
    Device.objects.create(
        school=school, name="Class camera", kind="camera", make="Canon", model="EOS R6",
        serial=fixtures.SERIAL,
    )  # fmt: skip
    amy = PupilFactory(school=school, first_name="Amy", surname="Fairbrook", class_name="4B")
    PhotoConsentFactory(pupil=amy, use="blog")
    blog = Channel.objects.create(school=school, kind="blog", name="Larkspur news")
    post = services.post_create(
        school=school, title="Farm visit", body="Class 4B visited the farm.",
        actor=personas.teacher, channels=[blog],
    )  # fmt: skip
    photos.photos_upload(post=post, files=[upload(group_photo())], actor=personas.teacher)
    photo = Photo.objects.get(post=post)
    assert photo.status == Photo.Status.READY, photo.refused_reason
    first, *others = photo.faces.order_by("x")
    photos.face_account(face=first, accounting="pupil", pupil=amy, actor=personas.teacher)
    for face in others:
        photos.face_account(face=face, accounting="blur", actor=personas.teacher)
    photos.photo_describe(
        photo=photo, caption="", alt_text="Children at the farm gate", actor=personas.teacher
    )
    services.post_submit(post=post, actor=personas.teacher)
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED

    page = sign_in_page(personas.head)
    page.goto(reverse("publishing:post", kwargs={"pk": post.pk}))
    copy = page.get_by_role("img", name=re.compile("^Public copy of photo 1"))
    expect(copy).to_be_visible()
    expect(page.get_by_role("heading", name="The public copy")).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=copy.element_handle()
    )
    response = page.request.get(copy.get_attribute("src"))
    photo.refresh_from_db()
    with photo.rendition.open("rb") as stored:
        assert response.body() == stored.read()  # exactly what the blog will show
    assert sorted(photo.rendered_blur) == sorted(face.box for face in others)
    screenshot(page, "publishing-public-copy")
