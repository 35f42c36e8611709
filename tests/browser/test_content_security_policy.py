"""The Content-Security-Policy holds on the pages that run scripts
(issue 13, item 16): the composer's live check, the moderation queue's
keyboard shortcuts and the photo section's face boxes all work, and the
browser reports nothing refused. Every other browser test checks the same
through the `page` fixture; this one also shows the check is live.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from schoolgate.moderation.tests.factories import held_comment
from schoolgate.photos.models import Face, Photo
from schoolgate.publishing import services
from schoolgate.publishing.tests.factories import ChannelFactory
from tests.browser.conftest import csp_violations

pytestmark = pytest.mark.browser


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1000, 500), "white").save(out, "JPEG")
    return out.getvalue()


def test_an_inline_style_is_refused_and_reported(sign_in_page, personas):
    page = sign_in_page(personas.teacher)
    response = page.goto(reverse("publishing:compose"))
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in v for v in csp_violations(page))
    page.context.csp_console.clear()  # shown to work: the fixture's check is live


def test_the_pages_that_run_scripts_work_with_nothing_refused(sign_in_page, personas):
    school, head = personas.school, personas.head
    blog = ChannelFactory(school=school, kind="blog", name="News")
    post = services.post_create(
        school=school, title="Farm visit", body="Class 4B visited the farm.", actor=head,
        channels=[blog],
    )  # fmt: skip
    photo = Photo(
        school=school, post=post, uploader=head, original_name="farm.jpg", status="ready",
        width=1000, height=500, device="registered",
    )  # fmt: skip
    photo.preview.save("farm.jpg", ContentFile(_jpeg()), save=False)
    photo.save()
    Face.objects.create(photo=photo, x=100, y=50, w=200, h=100, score=0.9)
    held_comment(school, head)
    page = sign_in_page(head)

    pages = []
    page.on("response", lambda r: pages.append(r) if r.request.resource_type == "document" else 0)
    page.goto(reverse("publishing:compose"))
    page.get_by_label("Title").fill("Sports day")
    page.get_by_label("Body").fill("Well done everyone for a great sports day!")
    expect(page.locator("#check-panel")).to_be_visible()

    page.goto(reverse("publishing:edit", args=[post.pk]))
    box = page.locator(".face-box").first
    expect(box).to_be_visible()
    assert box.evaluate("b => b.style.left") == "10%"
    assert box.evaluate("b => b.style.width") == "20%"

    page.goto(reverse("moderation:queue"))
    expect(page.locator("#shortcuts")).to_contain_text("approve")
    page.keyboard.press("j")
    expect(page.locator("#queue .queue-item").first).to_be_focused()
    assert len(pages) >= 3
    assert all("script-src 'self'" in r.headers["content-security-policy"] for r in pages)
    assert csp_violations(page) == []
