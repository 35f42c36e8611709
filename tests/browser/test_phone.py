"""Every page fits a phone: nothing scrolls sideways at 390 x 844; the main
pages put first things first and are photographed at phone and desktop size.

The pages and who opens them are the accessibility check's (the access
matrix, `core.matrix.collect_matrix`, and a few object pages), so a new page
is checked on a phone as soon as it has a matrix row. A page fails when the
document is wider than the window; the report names the elements that reach
past its right edge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from conftest import make_personas
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.moderation.tests.factories import make_comment, published_post
from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory, PupilFactory
from schoolgate.photos.models import Photo
from schoolgate.photos.tests.factories import group_photo
from schoolgate.publishing import services
from schoolgate.publishing.tests.factories import ChannelFactory, override_approval
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import VIEWS, Roles, _session_cookie, _url

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# The widest offenders: elements whose right edge is past the window's, and
# whose parent's is not (the outermost cause, not everything inside it).
OVERFLOW = """() => {
  const w = window.innerWidth;
  const past = (e) => e && e.getBoundingClientRect && e.getBoundingClientRect().right > w + 1;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].map((c) => "." + c).join("");
  const found = [...document.body.querySelectorAll("*")]
    .filter((e) => past(e) && !past(e.parentElement))
    .slice(0, 8)
    .map((e) => `${name(e)} (${Math.round(e.getBoundingClientRect().right)}px)`);
  return {width: document.documentElement.scrollWidth, window: w, found};
}"""


@pytest.fixture(scope="module")
def widths(
    django_db_setup: None, django_db_blocker: Any, browser: Any, live_server: Any
) -> Iterator[dict[tuple[str, str], tuple[str, dict[str, Any]]]]:
    """Open every view in a phone-sized window; return each page's widths."""
    with django_db_blocker.unblock():
        personas = make_personas()
        urls = {view: _url(view[0], personas) for view in VIEWS}
        cookies = {persona: _session_cookie(persona, personas) for _, persona in VIEWS}
        cache.clear()  # no rate limit left over from the builders
        roles = Roles(browser, live_server.url, cookies)
        results = {}
        try:
            for view, url in urls.items():
                page = roles.page(view[1])
                page.set_viewport_size(PHONE)
                response = page.goto(url)
                assert response is not None and response.ok, f"{view}: {url} gave {response}"
                results[view] = (page.url, page.evaluate(OVERFLOW))
        finally:
            # Closed before the tests run: a page left open keeps polling the
            # server, and its requests would lock the tables the flush empties.
            roles.close()
    try:
        yield results
    finally:
        with django_db_blocker.unblock():
            call_command("flush", verbosity=0, interactive=False)


@pytest.mark.parametrize(("url_name", "persona"), VIEWS, ids=[f"{n}-{p}" for n, p in VIEWS])
def test_page_does_not_scroll_sideways_on_a_phone(widths, url_name, persona):
    url, measured = widths[(url_name, persona)]
    assert measured["width"] <= measured["window"], (
        f"{url} is {measured['width']}px wide in a {measured['window']}px window; "
        f"past the edge: {', '.join(measured['found']) or 'nothing found'}"
    )


# The main pages, on a phone and on a desktop -------------------------------

DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def _snap(page: Any, name: str) -> None:
    """Save one screenful as docs/screenshots/<name>.png when asked to."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        path = Path(SCREENSHOTS) / f"{name}.png"
        page.screenshot(path=str(path), animations="disabled", caret="hide")


def _wide_photo(post: Any, author: Any) -> Photo:
    """Attach a published 1600 px wide photo to the post."""
    photo = Photo(
        school=post.school, post=post, uploader=author, original_name="sports-day.jpg",
        status="ready", width=1600, height=1000, device="registered",
        alt_text="Children racing on the school field",
    )  # fmt: skip
    data = ContentFile(group_photo(size=(1600, 1000)))
    photo.preview.save("sports.jpg", data, save=False)
    photo.rendition.save("sports.jpg", data, save=False)
    photo.save()
    return photo


@pytest.fixture
def school_week(personas, settings, tmp_path):
    """A week at Larkspur: a published post with a photo and a comment waiting,
    a draft naming a pupil in full, a post waiting for the head, a parent."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the photos' files, the test's own
    school, head, teacher = personas.school, personas.head, personas.teacher
    override_approval(personas, "direct_publishers", ["head"])
    jack = PupilFactory(school=school, first_name="Jack", surname="Quillfeather", class_name="4B")
    ParentLinkFactory(parent=ParentFactory(school=school, user=personas.parent), pupil=jack)
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=jack, use=use)
    blog = ChannelFactory(school=school, kind="blog", name="Larkspur news")
    facebook = ChannelFactory(school=school, kind="facebook", name="Larkspur on Facebook")
    published = published_post(school, head, slug="sports-day")
    published.channels.set([blog, facebook])
    _wide_photo(published, head)
    make_comment(published, "Such happy faces, well done everyone!")
    waiting = services.post_create(
        school=school, title="Harvest festival", actor=teacher, channels=[blog],
        body="Thank you for the generous gifts for the food bank.",
    )  # fmt: skip
    services.post_submit(post=waiting, actor=teacher)
    draft = services.post_create(
        school=school, title="Swimming gala", actor=teacher, channels=[blog, facebook],
        body="Well done Jack Quillfeather for winning the backstroke!",
    )  # fmt: skip
    return {"published": published, "waiting": waiting, "draft": draft}


def _fits(page: Any) -> None:
    measured = page.evaluate(OVERFLOW)
    assert measured["width"] <= measured["window"], (page.url, measured)


@pytest.mark.parametrize("size", SIZES)
def test_the_main_pages_fit_and_put_first_things_first(sign_in_page, personas, school_week, size):
    cache.clear()
    school, week = personas.school, school_week
    page = sign_in_page(personas.head)
    page.set_viewport_size(SIZES[size])

    page.goto(reverse("web:dashboard"))
    waiting = page.get_by_role("link", name="Harvest festival")
    expect(waiting).to_be_in_viewport()  # what waits for the head, before any scrolling
    _fits(page)
    _snap(page, f"dashboard-{size}")

    page.goto(reverse("publishing:posts"))
    _fits(page)
    _snap(page, f"news-{size}")

    page.goto(reverse("publishing:post", kwargs={"pk": week["waiting"].pk}))
    approve = page.get_by_role("link", name="Approve or send back")
    expect(approve).to_be_in_viewport()
    _fits(page)
    _snap(page, f"post-{size}")
    approve.click()
    expect(page.get_by_role("button", name=re.compile("^Approve version 1"))).to_be_in_viewport()

    page.goto(reverse("moderation:queue"))
    expect(page.locator("#queue")).to_contain_text("Such happy faces")
    _fits(page)
    _snap(page, f"comment-queue-{size}")

    page = sign_in_page(personas.teacher)
    page.goto(reverse("publishing:edit", kwargs={"pk": week["draft"].pk}))
    summary = page.locator("#check-summary")
    expect(summary).to_contain_text("Cannot go out yet")
    page.get_by_label("Body").click()
    # Beside the text box on a desktop; a short summary above it on a phone.
    shown = summary if size == "phone" else page.locator("#check-panel")
    expect(shown).to_be_in_viewport()
    _fits(page)
    _snap(page, f"composer-{size}")

    page = sign_in_page(personas.parent)
    page.goto(reverse("publishing:my_children"))
    expect(page.get_by_role("region", name="Jack Quillfeather")).to_be_visible()
    _fits(page)
    _snap(page, f"parents-{size}")

    page.context.clear_cookies()
    page.goto(reverse("blog:post", args=[school.slug, week["published"].slug]))
    photo = page.get_by_role("img", name="Children racing on the school field")
    expect(photo).to_be_visible()
    assert photo.bounding_box()["width"] <= SIZES[size]["width"]
    expect(page.locator(".site-header")).to_contain_text(school.name)
    expect(page.locator(".site-header")).not_to_contain_text("Schoolgate")
    _fits(page)
    _snap(page, f"public-post-{size}")


def test_on_a_phone_the_menu_folds_behind_a_button(sign_in_page, personas):
    page = sign_in_page(personas.head)
    page.set_viewport_size(PHONE)
    page.goto(reverse("web:dashboard"))
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 100
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    _fits(page)
    _snap(page, "menu-phone")


def test_without_javascript_the_menu_is_simply_open(browser, live_server, personas):
    cookie = _session_cookie("head", personas)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    try:
        page = context.new_page()
        page.goto(reverse("web:dashboard"))
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        _fits(page)
    finally:
        context.close()
