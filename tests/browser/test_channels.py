"""The head (the role shire lets manage channels) adds one channel of each kind
through the channels page, and each shows in the list (issue 13, item 8).

Shire lists the blog, Facebook and X only (channels.managers:platforms), so
these tests list every platform first, as a school could on the policy page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing.models import Channel

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def every_platform(personas):
    ParameterOverride.objects.create(
        school=personas.school,
        rule="channels.managers",
        param="platforms",
        value=list(Channel.Kind.values),
        set_by=personas.head,
    )


def test_the_head_adds_each_kind_of_channel_through_the_page(sign_in_page, personas):
    page = sign_in_page(personas.head)
    for kind, label in Channel.Kind.choices:
        page.goto(reverse("publishing:channels"))
        page.get_by_label("Kind").select_option(label=label)
        page.get_by_label("Name").fill(f"Larkspur {kind}")
        page.get_by_label("Handle").fill(f"@larkspur-{kind}")
        page.get_by_role("button", name="Add channel").click()
        expect(page.get_by_role("status")).to_contain_text("Channel added.")
        expect(page.get_by_role("table")).to_contain_text(f"Larkspur {kind}")
    added = Channel.objects.filter(school=personas.school)
    assert sorted(added.values_list("kind", flat=True)) == sorted(Channel.Kind.values)
    assert all(channel.is_active for channel in added)


def test_a_channel_added_switched_off_says_so(sign_in_page, personas):
    page = sign_in_page(personas.head)
    page.goto(reverse("publishing:channels"))
    page.get_by_label("Kind").select_option(label="Mastodon")
    page.get_by_label("Name").fill("Larkspur toots")
    page.get_by_label("Is active").uncheck()
    page.get_by_role("button", name="Add channel").click()
    expect(page.get_by_role("table")).to_contain_text("(switched off)")
