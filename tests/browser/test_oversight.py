"""The head, on a phone, sees what a teacher published straight to the
channels and takes it down from the dashboard, after a confirmation; the
dashboard and the email settings page fit 390 px and pass axe."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.publishing import services
from schoolgate.publishing.models import Channel, Post
from tests.browser.test_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits_and_passes_axe(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_the_head_takes_a_teachers_direct_post_down_from_the_dashboard(
    sign_in_page, personas, live_server
):
    school = personas.school
    facebook = Channel.objects.create(school=school, kind="facebook", name="Larkspur on Facebook")
    post = services.post_create(
        school=school,
        title="Year 3 trip to the farm",
        body="A muddy and happy day at the farm.",
        channels=[facebook],
        actor=personas.teacher,
    )
    services.post_submit(post=post, actor=personas.teacher)  # shire: out at once
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED

    page = sign_in_page(personas.head)
    page.set_viewport_size(PHONE)
    page.goto(reverse("web:dashboard"))
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="What went out this week")
    )
    expect(panel).to_contain_text("Published without approval")
    expect(panel).to_contain_text("Year 3 trip to the farm")
    expect(panel).to_contain_text("Larkspur on Facebook")
    _fits_and_passes_axe(page)

    panel.get_by_role("link", name="Take down Year 3 trip to the farm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("down")
    page.get_by_label("Why it is taken down").fill("A pupil's surname is in the caption")
    page.get_by_label("I understand it comes off the blog").check()
    page.get_by_role("button", name="Take this post down everywhere").click()

    expect(page).to_have_url(live_server.url + reverse("web:dashboard"))
    expect(page.locator("body")).to_contain_text("Taken off the blog")
    expect(panel).to_contain_text("Taken down")
    assert Post.objects.get(pk=post.pk).status == Post.Status.WITHDRAWN


def test_the_email_settings_page_fits_a_phone_and_saves(sign_in_page, personas):
    page = sign_in_page(personas.head)
    page.set_viewport_size(PHONE)
    page.goto(reverse("notifications:preferences"))
    _fits_and_passes_axe(page)
    held = page.get_by_role("group", name="Comments held for approval")
    held.get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save my email settings").click()
    expect(page.locator("body")).to_contain_text("Saved")
    expect(
        page.get_by_role("group", name="Comments held for approval").get_by_label("Daily digest")
    ).to_be_checked()
