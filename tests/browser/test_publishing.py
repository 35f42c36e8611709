"""The publishing story in the browser: a teacher drafts with the live check
panel, fixes what it finds, the head approves, and the post is on the blog,
in the feed and in the outbox for the school's Facebook page; then a parent
withdraws consent and the post is withdrawn everywhere."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.forms import pupil_label
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.models import Channel, LocalDelivery, Post
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_draft_is_checked_as_typed_then_approved_and_published_everywhere(
    sign_in_page, personas, live_server
):
    school = personas.school
    jack = PupilFactory(school=school, first_name="Jack", surname="Quillfeather")
    PhotoConsentFactory(pupil=jack, use="blog")  # the blog, but not social media
    amelia = PupilFactory(school=school, first_name="Amelia", surname="Brackenridge")
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=amelia, use=use)
    Channel.objects.create(school=school, kind="blog", name="Larkspur news")
    facebook = Channel.objects.create(school=school, kind="facebook", name="Larkspur on Facebook")
    ParameterOverride.objects.create(
        school=school, rule="publishing.approval", param="direct_publishers",
        value=["head"], set_by=personas.head,
    )  # fmt: skip

    page = sign_in_page(personas.teacher)
    page.goto(reverse("publishing:compose"))
    page.get_by_label("Title").fill("Sports day")
    page.get_by_label("Body").fill("Well done Jack Quillfeather for winning the sprint!")
    panel = page.locator("#check-panel")
    expect(panel).to_contain_text("Jack's full name appears")
    expect(panel).to_contain_text('shire "Primary Blogger"')

    # A tick box a pupil: a phone has no Ctrl key to pick several from a list.
    pupils = page.get_by_role("group", name="Pupils in the photos")
    pupils.get_by_label(pupil_label(jack)).check()
    expect(panel).to_contain_text("no consent for social media")
    screenshot(page, "publishing-compose")

    page.get_by_label("Body").fill("Well done Jack for winning the sprint!")
    pupils.get_by_label(pupil_label(jack)).uncheck()
    pupils.get_by_label(pupil_label(amelia)).check()
    expect(panel).not_to_contain_text("cannot go out")
    page.get_by_role("button", name="Save draft").click()
    # The saved draft opens at its photos; the post's page sends it on.
    expect(page.locator("body")).to_contain_text("Draft saved")
    post = Post.objects.get()
    page.goto(reverse("publishing:post", kwargs={"pk": post.pk}))
    page.get_by_role("button", name=re.compile(r"^Send to .* for approval$")).click()
    expect(page.locator("body")).to_contain_text("Sent for approval")

    page = sign_in_page(personas.head)
    page.goto(reverse("publishing:post", kwargs={"pk": post.pk}))
    page.get_by_role("button", name=re.compile("Approve version")).click()
    expect(page.locator("body")).to_contain_text("Approved and published")
    expect(page.get_by_role("table", name="Where this post has gone")).to_contain_text("Sent")
    screenshot(page, "publishing-post")

    page.goto(reverse("blog:index", kwargs={"school": school.slug}))
    expect(page.get_by_role("link", name="Sports day")).to_be_visible()
    feed = page.request.get(live_server.url + reverse("blog:rss", kwargs={"school": school.slug}))
    assert "Sports day" in feed.text()
    assert LocalDelivery.objects.filter(channel=facebook).count() == 1

    # Amelia's parent withdraws consent; the office records it.
    page = sign_in_page(personas.office)
    page.goto(reverse("consent:pupil", kwargs={"pk": amelia.pk}))
    page.get_by_label("Withdrawn").check()
    page.get_by_label("How it was given").select_option(label="Email")
    page.get_by_role("button", name="Record answer").click()
    expect(page.locator("body")).to_contain_text("Recorded: withdrawn")

    page = sign_in_page(personas.head)
    page.goto(reverse("publishing:takedowns"))
    expect(page.locator("main")).to_contain_text("Consent withdrawn: Amelia Brackenridge")
    expect(page.locator("main")).to_contain_text("Taken off the blog")
    screenshot(page, "publishing-takedowns")
    page.goto(reverse("blog:index", kwargs={"school": school.slug}))
    expect(page.get_by_role("link", name="Sports day")).to_have_count(0)
    feed = page.request.get(live_server.url + reverse("blog:rss", kwargs={"school": school.slug}))
    assert "Sports day" not in feed.text()
    assert LocalDelivery.objects.get(channel=facebook).withdrawn_at is not None


def test_a_teacher_who_may_publish_directly_confirms_before_anything_goes_out(
    sign_in_page, personas
):
    school = personas.school
    Channel.objects.create(school=school, kind="blog", name="Larkspur news")
    post = services.post_create(
        school=school, title="Book week", body="Come dressed as a character.",
        actor=personas.teacher,
    )  # fmt: skip
    page = sign_in_page(personas.teacher)
    page.goto(reverse("publishing:post", kwargs={"pk": post.pk}))
    page.get_by_role("button", name=re.compile(r"^Publish now to ")).click()

    # Nothing has gone out yet: the page asks first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish “Book week” now?")
    post.refresh_from_db()
    assert post.status != Post.Status.PUBLISHED
    page.get_by_role("button", name="Yes, publish now").click()
    expect(page.get_by_role("link", name="View on the blog")).to_be_visible()
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_the_composer_asks_for_the_class_of_a_private_post_and_the_reason_for_a_public_one(
    sign_in_page, personas
):
    personas.school.profile = "whmat"  # keeps posts to a class unless there is a reason
    personas.school.save()
    page = sign_in_page(personas.teacher)
    page.goto(reverse("publishing:compose"))
    audience = page.get_by_label("Audience")
    which_class = page.get_by_label("Class or key stage (private posts only)")
    why_public = page.get_by_label("Why everyone may read it (public posts only)")

    audience.select_option(label="Parents of a class")
    expect(which_class).to_be_visible()
    expect(why_public).to_be_hidden()

    audience.select_option(label="Everyone (public)")
    expect(why_public).to_be_visible()
    expect(which_class).to_be_hidden()


def test_a_draft_sent_with_a_missing_answer_says_so_at_the_top_on_a_phone(sign_in_page, personas):
    page = sign_in_page(personas.teacher)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("publishing:compose"))
    page.get_by_label("Title").fill("Trip to the castle")
    page.get_by_label("Body").fill("Class 4B had a brilliant day at the castle.")
    page.get_by_label("Audience").select_option(label="Parents of a class")
    page.get_by_role("button", name="Save draft").click()

    # The page opens at the top, far from the field: the summary is there, in view.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name=re.compile("Say which class or key stage")).click()
    expect(page.get_by_label("Class or key stage (private posts only)")).to_be_in_viewport()
    assert not Post.objects.exists()


def test_a_reopened_draft_is_checked_before_anything_is_typed(sign_in_page, personas):
    PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")
    post = services.post_create(
        school=personas.school, title="Sports day", body="Well done Jack Quillfeather!",
        actor=personas.teacher, channels=[],
    )  # fmt: skip
    page = sign_in_page(personas.teacher)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("publishing:edit", args=[post.pk]))
    panel = page.locator("#check-panel")
    expect(panel).to_contain_text("Jack's full name appears")
    expect(panel).not_to_contain_text("Checking as you type")
    expect(page.locator("#check-summary")).to_contain_text("finding")
