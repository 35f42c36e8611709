"""Recording a parent's photo consent in the browser, as the office does it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.consent.selectors import photo_consent
from schoolgate.people.tests.factories import ParentLinkFactory, PupilFactory
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_the_office_records_consent_and_the_register_shows_it(sign_in_page, personas):
    pupil = PupilFactory(school=personas.school, first_name="Ava", surname="Quillfeather")
    mother = ParentLinkFactory(pupil=pupil, parent__school=personas.school).parent
    page = sign_in_page(personas.office)

    page.goto(reverse("consent:register"))
    page.get_by_role("link", name="Ava Quillfeather").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ava Quillfeather")

    # Every use is ticked and today's date filled in: answer, parent, method, go.
    page.get_by_label("Refused").check()
    page.get_by_label("Which parent").select_option(label=str(mother))
    page.get_by_label("How it was given").select_option(label="Email")
    page.get_by_label("Press").uncheck()
    page.get_by_role("button", name="Record answer").click()

    expect(page.get_by_role("status")).to_contain_text("Recorded: refused")
    expect(page.get_by_role("table", name="Consent now")).to_contain_text("Refused")
    screenshot(page, "consent-pupil")
    assert photo_consent(pupil, "social").allowed is False
    assert photo_consent(pupil, "press").state == "none"

    page.goto(reverse("consent:do_not_post"))
    expect(page.get_by_role("row", name="Ava")).to_contain_text("Do not photograph for any use")
    screenshot(page, "consent-do-not-post")


def test_on_a_phone_each_pupil_shows_only_what_stops_a_photo(sign_in_page, personas):
    from schoolgate.consent.tests.factories import PhotoConsentFactory

    ava = PupilFactory(school=personas.school, first_name="Ava", surname="Quillfeather")
    ben = PupilFactory(school=personas.school, first_name="Ben", surname="Bramblecott")
    for pupil in (ava, ben):
        for use in ("blog", "social", "press", "website"):
            refused = pupil == ben and use == "social"
            PhotoConsentFactory(pupil=pupil, use=use, answer="refused" if refused else "given")
    page = sign_in_page(personas.office)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("consent:register"))

    ava_card = page.locator("tbody tr", has_text="Ava Quillfeather")
    ben_card = page.locator("tbody tr", has_text="Ben Bramblecott")
    expect(ava_card.get_by_text("Every use allowed")).to_be_visible()
    expect(ben_card.locator("td", has_text="Refused")).to_be_visible()
    given = ben_card.locator("td", has_text="Given")
    expect(given).to_have_count(3)
    for cell in given.all():
        expect(cell).to_be_hidden()
    screenshot(page, "consent-register-phone")

    page.get_by_role("link", name="Show every use").click()
    for cell in given.all():
        expect(cell).to_be_visible()
    expect(ava_card.get_by_text("Every use allowed")).to_be_hidden()
    # A wide screen shows every column, and no toggle.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_role("link", name="Show only what is not allowed")).to_be_hidden()
    expect(page.get_by_role("columnheader", name="Press")).to_be_visible()
