"""A group photo in a post: every face accounted for before it is published."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from schoolgate.checks.photos.tests import fixtures
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.devices.models import Device
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.tests.factories import group_photo
from schoolgate.publishing import services
from schoolgate.publishing.tests.factories import ChannelFactory
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def detail(area: np.ndarray) -> float:
    return float(np.abs(np.diff(area, axis=0)).mean() + np.abs(np.diff(area, axis=1)).mean())


def test_a_group_photo_is_published_only_with_every_face_accounted_for(
    sign_in_page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    school, head = personas.school, personas.head
    Device.objects.create(
        school=school, name="Class camera", kind="camera", make="Canon", model="EOS R6",
        serial=fixtures.SERIAL,
    )  # fmt: skip
    amy = PupilFactory(school=school, first_name="Amy", surname="Fairbrook", class_name="4B")
    PupilFactory(school=school, first_name="Bea", surname="Hollins", class_name="4B")
    PhotoConsentFactory(pupil=amy, use="blog", given_on=timezone.localdate())
    blog = ChannelFactory(school=school, kind="blog", name="News")
    post = services.post_create(
        school=school, title="Farm visit", body="Class 4B visited the farm.", actor=head,
        channels=[blog],
    )  # fmt: skip
    original = group_photo()
    page = sign_in_page(head)

    page.goto(reverse("publishing:edit", args=[post.pk]))
    page.get_by_label("Photos to add").set_input_files(
        {"name": "farm.jpg", "mimeType": "image/jpeg", "buffer": original}
    )
    page.get_by_role("button", name="Upload photos").click()
    expect(page.get_by_role("link", name="Face 3:")).to_be_visible(timeout=30_000)

    left, middle, _right = Face.objects.filter(photo__post=post).order_by("x")
    # The picker searches the school: type part of a name, choose, tag.
    page.locator(f"#find-{left.pk}").fill("fairb")
    page.locator(f"#face-{left.pk}").get_by_label("Amy Fairbrook (4B)").check()
    page.locator(f"#face-{left.pk}").get_by_role("button", name="Tag pupil").click()
    expect(page.locator(f"#face-{left.pk}")).to_contain_text("Pupil — Amy Fairbrook")
    # The same by keyboard alone: type, Tab to the match, Space, Tab, Enter.
    page.locator(f"#find-{middle.pk}").focus()
    page.keyboard.type("Bea")
    expect(page.locator(f"#face-{middle.pk}").get_by_label("Bea Hollins (4B)")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(f"#face-{middle.pk}")).to_contain_text("Pupil — Bea Hollins")

    findings = page.locator(".photo-findings")
    expect(findings).to_contain_text("Photo 1 has 1 face nobody has accounted for")
    expect(findings).to_contain_text(
        "Bea is tagged in a photo but has no consent for the school blog"
    )
    expect(findings).to_contain_text('shire "Primary Blogger"')
    screenshot(page, "photos-faces", tour=True, at=page.locator(".face-box").first)

    page.get_by_role("button", name="Blur everyone without consent").click()
    expect(page.locator(".messages")).to_contain_text("2 face(s) blurred")
    expect(findings).not_to_contain_text("nobody has accounted for")
    expect(findings).not_to_contain_text("no consent")

    # Publishing waits for alt text; the fields are labelled and keyboard usable.
    expect(findings).to_contain_text("Photo 1 has no description for screen readers")
    page.get_by_label("Alt text for photo 1").fill("Three children feeding a lamb at the farm")
    page.get_by_label("Caption for photo 1").focus()
    page.keyboard.type("Lambing time at the farm")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Saved the description of farm.jpg")
    expect(findings).not_to_contain_text("no description for screen readers")

    post.refresh_from_db()
    services.post_submit(post=post, actor=head)
    post.refresh_from_db()
    assert post.status == "published"

    page.goto(reverse("blog:post", args=[school.slug, post.slug]))
    image = page.get_by_role("img", name="Three children feeding a lamb at the farm")
    expect(image).to_be_visible()
    expect(page.locator("figure figcaption")).to_have_text("Lambing time at the farm")
    response = page.request.get(image.get_attribute("src"))
    assert response.ok
    published = Image.open(io.BytesIO(response.body()))
    assert not published.getexif() and not (set(published.info) & {"xmp", "icc_profile", "exif"})

    before = np.asarray(Image.open(io.BytesIO(original)).convert("RGB"), dtype=float)
    after = np.asarray(published.convert("RGB"), dtype=float)
    scale = after.shape[1] / before.shape[1]
    photo = Photo.objects.get(post=post)
    for face in photo.faces.all():
        x, y, w, h = (round(v * scale) for v in face.box)
        inside = (slice(y + h // 4, y + 3 * h // 4), slice(x + w // 4, x + 3 * w // 4))
        if face.accounting == "blur":
            assert detail(after[inside]) < detail(before[inside]) / 3
        else:  # Amy, with consent, is shown as she is
            assert detail(after[inside]) > detail(before[inside]) / 2


def test_a_possible_face_is_marked_not_a_face_and_every_other_face_is_blurred(
    sign_in_page, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    school, head = personas.school, personas.head
    Device.objects.create(
        school=school, name="Class camera", kind="camera", make="Canon", model="EOS R6",
        serial=fixtures.SERIAL,
    )  # fmt: skip
    blog = ChannelFactory(school=school, kind="blog", name="News")
    post = services.post_create(
        school=school, title="Sports day", body="Class 4B ran the relay.", actor=head,
        channels=[blog],
    )  # fmt: skip
    original = fixtures.crowded_photo()  # three children and one half hidden behind
    page = sign_in_page(head)

    page.goto(reverse("publishing:edit", args=[post.pk]))
    page.get_by_label("Photos to add").set_input_files(
        {"name": "relay.jpg", "mimeType": "image/jpeg", "buffer": original}
    )
    page.get_by_role("button", name="Upload photos").click()
    possible_box = page.get_by_role("link", name="Possible face")
    expect(possible_box).to_be_visible(timeout=30_000)
    expect(possible_box).to_have_class(re.compile(r"\bpossible\b"))
    expect(possible_box).to_contain_text("Possible face")
    sure = page.get_by_role("link", name=re.compile(r"^Face \d+: (?!Possible face)"))
    expect(sure).to_have_count(3)
    expect(page.locator(".photo-card")).to_contain_text("3 face(s), 1 possible face(s) to check")

    possible = Face.objects.get(photo__post=post, kind="possible")
    item = page.locator(f"#face-{possible.pk}")
    item.get_by_role("button", name="Not a face").click()
    expect(item).to_contain_text("Not a face")
    # The section is redrawn; the keyboard stays on the face just marked.
    expect(item).to_be_focused()
    expect(page.locator(".face-box.not-face")).to_contain_text("Not a face")

    findings = page.locator(".photo-findings")
    expect(findings).to_contain_text("Photo 1 has 3 faces nobody has accounted for")
    page.get_by_role("button", name="Blur everyone without consent").click()
    expect(page.locator(".messages")).to_contain_text("3 face(s) blurred")
    expect(page.get_by_role("heading", name="Photos")).to_be_focused()
    expect(findings).not_to_contain_text("nobody has accounted for")
    page.get_by_label("Alt text for photo 1").fill("Children running the relay")
    page.get_by_role("button", name="Save description of photo 1").click()
    expect(findings).not_to_contain_text("no description for screen readers")

    post.refresh_from_db()
    services.post_submit(post=post, actor=head)
    post.refresh_from_db()
    assert post.status == "published"
    possible.refresh_from_db()
    assert (possible.accounting, possible.accounted_by) == ("not_face", head)

    page.goto(reverse("blog:post", args=[school.slug, post.slug]))
    image = page.get_by_role("img", name="Children running the relay")
    response = page.request.get(image.get_attribute("src"))
    assert response.ok
    before = np.asarray(Image.open(io.BytesIO(original)).convert("RGB"), dtype=float)
    after = np.asarray(Image.open(io.BytesIO(response.body())).convert("RGB"), dtype=float)
    scale = after.shape[1] / before.shape[1]
    others = Face.objects.filter(photo__post=post).exclude(pk=possible.pk)
    assert {f.accounting for f in others} == {"blur"} and len(others) == 3
    for face in others:
        x, y, w, h = (round(v * scale) for v in face.box)
        inside = (slice(y + h // 4, y + 3 * h // 4), slice(x + w // 4, x + 3 * w // 4))
        assert detail(after[inside]) < detail(before[inside]) / 3
