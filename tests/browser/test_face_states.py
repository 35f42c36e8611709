"""A face box says its state in colour and in words: a pupil whose parent
refused is red with the reason, never green like a pupil with consent."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.tests.factories import group_photo
from schoolgate.publishing import services
from schoolgate.publishing.tests.factories import ChannelFactory

pytestmark = pytest.mark.browser

RED = "rgb(164, 22, 26)"  # --block in site.css


def test_a_refused_pupil_is_red_with_the_reason_and_a_consented_one_green(
    sign_in_page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    school, teacher, today = personas.school, personas.teacher, timezone.localdate()
    kemi = PupilFactory(school=school, first_name="Kemi", surname="Adeyemi", class_name="4B")
    amy = PupilFactory(school=school, first_name="Amy", surname="Fairbrook", class_name="4B")
    PhotoConsentFactory(pupil=kemi, use="blog", answer="refused", given_on=today)
    PhotoConsentFactory(pupil=amy, use="blog", given_on=today)
    blog = ChannelFactory(school=school, kind="blog", name="News")
    post = services.post_create(
        school=school, title="Farm visit", body="Class 4B visited the farm.", actor=teacher,
        channels=[blog],
    )  # fmt: skip
    photo = Photo(
        school=school, post=post, uploader=teacher, original_name="farm.jpg", status="ready",
        width=1200, height=800, device="registered",
    )  # fmt: skip
    for field in (photo.original, photo.preview, photo.rendition):
        field.save("farm.jpg", ContentFile(group_photo()), save=False)
    photo.save()
    for n, pupil in enumerate((kemi, amy, None)):
        Face.objects.create(
            photo=photo, x=100 + 300 * n, y=200, w=200, h=200, score=0.9, pupil=pupil,
            accounting="pupil" if pupil else "unaccounted",
        )  # fmt: skip

    page = sign_in_page(teacher)
    page.goto(reverse("photos:post", args=[post.pk]))
    refused = page.get_by_role("link", name=re.compile(r"^Face 1: No consent\. A parent refused"))
    consented = page.get_by_role("link", name=re.compile(r"^Face 2: Accounted for\."))
    unsure = page.get_by_role("link", name=re.compile(r"^Face 3: Unsure\."))
    expect(refused).to_have_text("1 No consent")
    expect(refused).to_have_css("border-top-color", RED)
    expect(consented).to_have_text("2 Accounted for")
    expect(consented).not_to_have_css("border-top-color", RED)
    expect(unsure).to_have_text("3 Unsure")
    expect(unsure).not_to_have_css("border-top-color", RED)
    expect(page.locator(".face-state.blocked")).to_contain_text("Kemi Adeyemi")


# The labels of face boxes, as rectangles; and the document's width.
LABELS = """() => ({
  width: document.documentElement.scrollWidth,
  boxes: [...document.querySelectorAll(".face-box > span")].map((s) => {
    const r = s.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }),
})"""


def test_on_a_phone_faces_close_together_are_numbered_without_covering_each_other(
    sign_in_page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    school, teacher = personas.school, personas.teacher
    post = services.post_create(
        school=school, title="Choir", body="The choir sang.", actor=teacher,
        channels=[ChannelFactory(school=school, kind="blog", name="News")],
    )  # fmt: skip
    photo = Photo(
        school=school, post=post, uploader=teacher, original_name="choir.jpg", status="ready",
        width=1200, height=800, device="registered",
    )  # fmt: skip
    for field in (photo.original, photo.preview, photo.rendition):
        field.save("choir.jpg", ContentFile(group_photo()), save=False)
    photo.save()
    # Four faces in a row, the last at the photo's right edge.
    for n in range(4):
        Face.objects.create(
            photo=photo, x=700 + 130 * n, y=200, w=110, h=110, score=0.9, accounting="blur"
        )

    page = sign_in_page(teacher)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("photos:post", args=[post.pk]))
    first = page.get_by_role("link", name=re.compile(r"^Face 1: Accounted for\."))
    expect(first).to_be_visible()
    expect(first).to_have_text("1 Accounted for")  # the words stay for screen readers
    measured = page.evaluate(LABELS)
    assert measured["width"] <= 390, f"the page is {measured['width']}px wide on a phone"
    boxes = measured["boxes"]
    assert len(boxes) == 4
    for one, other in zip(boxes, boxes[1:], strict=False):
        assert one[2] <= other[0], f"face labels overlap: {one} and {other}"
    expect(page.locator(".face-state").first).to_contain_text("Face 1: Accounted for")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(first.locator(".face-word")).to_be_visible()  # on a desktop the box says it too
