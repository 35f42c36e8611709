"""Consent online in the browser: a parent signs in, renews consent for one
child and refuses one use for another, and the office's list of unanswered
renewals updates; every page fits a phone's width (390 px)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from schoolgate.consent.selectors import photo_consent
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.tests.factories import (
    ParentFactory,
    ParentLinkFactory,
    PupilFactory,
    RoleFactory,
    UserFactory,
)
from tests.browser.conftest import screenshot
from tests.browser.test_invitations import link_in

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}


def fits_the_phone(page) -> None:  # type: ignore[no-untyped-def]
    """No sideways scrolling: the page is no wider than the window."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at {PHONE['width']} px"


def test_a_parent_renews_one_child_refuses_a_use_for_another_and_the_office_list_updates(
    page, sign_in_page, personas
):
    school = personas.other_school  # brize: consent lapses every 12 months
    parent_user = UserFactory(email="parent@wrenfield.test", first_name="Priya")
    RoleFactory(user=parent_user, school=school, role="parent")
    parent = ParentFactory(
        school=school,
        user=parent_user,
        email=parent_user.email,
        first_name="Maximiliana",  # long names must not widen the page on a phone
        surname="Featherstonehaugh-Cholmondeley",
    )
    lapsed = timezone.localdate() - dt.timedelta(days=380)
    recent = timezone.localdate() - dt.timedelta(days=30)
    amara = PupilFactory(school=school, first_name="Amara", surname="Okafor", class_name="4B")
    bilal = PupilFactory(school=school, first_name="Bilal", surname="Okafor", class_name="2A")
    for child, given_on in ((amara, lapsed), (bilal, recent)):
        ParentLinkFactory(parent=parent, pupil=child)
        for use in ("blog", "social", "press", "website"):
            PhotoConsentFactory(pupil=child, parent=parent, use=use, given_on=given_on)
    office = UserFactory(email="office@wrenfield.test")
    RoleFactory(user=office, school=school, role="office")
    page.set_viewport_size(PHONE)

    # The office sees Amara's lapsed consent unanswered.
    sign_in_page(office)
    page.goto(reverse("consent:renewals"))
    listing = page.get_by_role("table")
    expect(listing.get_by_role("link", name="Amara Okafor")).to_be_visible()
    expect(listing).not_to_contain_text("Bilal")
    fits_the_phone(page)
    page.context.clear_cookies()

    # The parent signs in by the link emailed to them (the school's default).
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Get a sign-in link by email").click()
    page.get_by_label("Email address").fill(parent_user.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(link_in(mail.outbox[-1]))
    expect(page).to_have_url(re.compile(r"/family/$"))
    page.get_by_role("link", name="Your children's photos").click()
    fits_the_phone(page)

    # Amara: the answers on record are yes; saving them renews consent from today.
    page.get_by_role("link", name="Give, change or renew photo consent for Amara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Photo consent for Amara Okafor")
    expect(
        page.get_by_role("group", name="Photos of your child for the school blog")
    ).to_contain_text("lapsed on")
    fits_the_phone(page)
    screenshot(page, "parent-consent")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("status")).to_contain_text("your answers for Amara are recorded")

    # Bilal: no to social media, yes to the rest.
    page.get_by_role("link", name="Give, change or renew photo consent for Bilal").click()
    page.get_by_role("group", name="Photos of your child for social media").get_by_label(
        "No, I do not agree"
    ).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("status")).to_contain_text("your answers for Bilal are recorded")
    bilal_region = page.get_by_role("region", name="Bilal Okafor")
    expect(bilal_region.get_by_role("row", name=re.compile(r"\bSocial media"))).to_contain_text(
        "Withdrawn"
    )
    expect(bilal_region.get_by_role("row", name=re.compile(r"\bSchool blog"))).to_contain_text(
        "Given"
    )

    assert photo_consent(amara, "blog").allowed
    assert not photo_consent(bilal, "social").allowed and photo_consent(bilal, "press").allowed

    # The office's list no longer shows Amara; her page shows the online answers.
    page.context.clear_cookies()
    sign_in_page(office)
    page.goto(reverse("consent:renewals"))
    expect(page.locator("main")).to_contain_text("Every renewal due has been answered")
    page.goto(reverse("consent:pupil", args=[amara.pk]))
    history = page.get_by_role("table", name=re.compile("^Every answer on record"))
    expect(history.get_by_role("row").filter(has_text="Online form")).to_have_count(4)
