"""Signing in through the real pages, as a member of staff would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from schoolgate.accounts.services import backup_codes_issue
from schoolgate.accounts.tests.factories import totp_code, totp_device
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


def test_staff_sign_in_with_a_one_time_code(page, personas):
    device = totp_device(personas.head)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    screenshot(page, "sign-in")

    page.get_by_label("Email address").fill(personas.head.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/accounts/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your one-time code")
    page.get_by_label("Code").fill(totp_code(device))
    screenshot(page, "one-time-code")
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(personas.school.name)
    screenshot(page, "dashboard")


def test_a_wrong_code_says_so_and_keeps_the_person_out(page, personas):
    device = totp_device(personas.teacher)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(personas.teacher.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    wrong = f"{(int(totp_code(device)) + 1) % 10**6:06d}"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Confirm").click()
    # Beside the field, and in the summary at the top that links to it.
    expect(page.locator("#id_code_error")).to_contain_text("That code is not right")
    expect(page.get_by_role("link", name="Code: That code is not right")).to_be_visible()
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/verify/"))


def test_the_skip_link_is_the_first_tab_stop_and_fields_are_labelled(page, live_server):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()

    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label'))
                 .map(el => el.name)"""
    )
    assert unlabelled == []


def test_the_sign_in_pages_offer_the_backup_code_the_demo_gives(page, personas):
    code = backup_codes_issue(user=personas.head)[0]
    page.goto("/accounts/login/")
    expect(page.locator("main")).to_contain_text("a backup code")
    page.get_by_label("Email address").fill(personas.head.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    intro = page.locator("main p").first
    expect(intro).to_contain_text("Type one of your backup codes")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
