"""A parent's page in the browser: what they agreed to for their child, every
published item showing the child, and withdrawing consent for one item."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory, PupilFactory
from schoolgate.publishing import services
from schoolgate.publishing.models import Post
from schoolgate.publishing.tests.factories import ChannelFactory
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_parent_sees_their_childs_consents_and_posts_and_withdraws_one(sign_in_page, personas):
    school, head = personas.school, personas.head
    maisie = PupilFactory(school=school, first_name="Maisie", surname="Thornbury")
    ParentLinkFactory(parent=ParentFactory(school=school, user=personas.parent), pupil=maisie)
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=maisie, use=use)
    blog = ChannelFactory(school=school, kind="blog", name="News")
    posts = {}
    for title in ("Harvest festival", "Sports day"):
        post = services.post_create(
            school=school, title=title, body="Class 4B had a lovely afternoon.", actor=head,
            channels=[blog], pupils=[maisie],
        )  # fmt: skip
        services.post_submit(post=post, actor=head)
        posts[title] = post

    page = sign_in_page(personas.parent)
    page.goto(reverse("publishing:my_children"))
    child = page.get_by_role("region", name="Maisie Thornbury")
    expect(child.get_by_role("table")).to_contain_text("Given")
    expect(child.get_by_role("link", name="Sports day")).to_be_visible()
    expect(child.get_by_role("link", name="Harvest festival")).to_be_visible()
    screenshot(page, "my-children", tour=True)

    child.get_by_role("listitem").filter(has_text="Sports day").get_by_role(
        "button", name="Withdraw consent for this item"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("“Sports day” is being taken down")
    expect(child.get_by_role("link", name="Sports day")).to_have_count(0)
    expect(child.get_by_role("link", name="Harvest festival")).to_be_visible()
    assert Post.objects.get(pk=posts["Sports day"].pk).status == Post.Status.WITHDRAWN


def test_a_parent_withdraws_social_media_consent_after_reading_what_follows(
    sign_in_page, personas
):
    maisie = PupilFactory(school=personas.school, first_name="Maisie", surname="Thornbury")
    ParentLinkFactory(
        parent=ParentFactory(school=personas.school, user=personas.parent), pupil=maisie
    )
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=maisie, use=use)

    page = sign_in_page(personas.parent)
    page.goto(reverse("publishing:my_children"))
    page.get_by_role("link", name="Withdraw photo consent for Maisie…").click()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    withdraw = page.get_by_role("button", name="Withdraw consent for the uses ticked")
    withdraw.click()  # nothing ticked: refused, nothing changes
    expect(page.locator("main")).to_contain_text("Tick at least one use")
    page.get_by_label("Social media").check()
    withdraw.click()

    child = page.get_by_role("region", name="Maisie Thornbury")
    expect(child).to_contain_text("for social media.")
    expect(child).to_contain_text("To give consent again, change your answers below")
    expect(child.get_by_role("table")).to_contain_text("Withdrawn")
    expect(child.get_by_role("table")).to_contain_text("Given")  # the blog is kept
