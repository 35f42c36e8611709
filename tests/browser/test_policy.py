"""The school's policy in the browser: every rule with its source clause,
and the head's override page refused to a teacher."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        pytest.skip(f"{name} is not routed yet")


def test_staff_see_the_schools_rules_with_their_source(sign_in_page, personas):
    page = sign_in_page(personas.teacher)
    page.goto(url("policy:ours"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Larkspur works under the shire profile: its clauses cite it.
    expect(page.get_by_text(re.compile("shire", re.IGNORECASE)).first).to_be_visible()
    expect(page.get_by_text("Idle sessions expire").first).to_be_visible()


def test_the_head_can_open_the_override_page(sign_in_page, personas):
    page = sign_in_page(personas.head)
    response = page.goto(url("policy:override"))
    assert response.status == 200
    expect(page.get_by_role("heading", name="You can't open this page")).to_have_count(0)


def test_a_teacher_cannot_open_a_heads_page(sign_in_page, personas):
    override = url("policy:override")
    page = sign_in_page(personas.teacher)
    page.goto(reverse("web:dashboard"))
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(nav.locator(f'a[href="{override}"]')).to_have_count(0)

    response = page.goto(override)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You can't open this page")
    # The refusal gives its reason: who may open the page.
    expect(page.locator(".finding")).to_contain_text(re.compile("head", re.IGNORECASE))
