"""The moderation story in the browser: a parent comments; a teacher approves a
harmless comment with the keyboard; a negative one naming a teacher cannot be
approved by the teacher and reaches the head, who blocks the commenter; the
blocked commenter's next comment is refused."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import make_comment, published_post
from schoolgate.people.models import StaffMember
from schoolgate.sanctions.models import Sanction
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NEGATIVE = "Mrs Patel is useless and unfair to my son, disgraceful teaching."


def _comment(page, post_url: str, text: str) -> None:
    page.goto(post_url)
    form = page.locator("#comment-form")
    form.get_by_label("Your name").fill("Sam Parent")
    form.get_by_label("Your email").fill("sam@example.org")
    form.get_by_label("Your relationship to the school").select_option("parent")
    form.get_by_label("Your comment").fill(text)
    form.get_by_role("button", name="Send comment").click()


def test_a_parent_comments_staff_moderate_and_the_head_blocks(sign_in_page, page, personas):
    cache.clear()
    school = personas.school
    StaffMember.objects.create(
        school=school, mis_id="S1", title="Mrs", first_name="Anita", surname="Patel",
        formal_name="Mrs Patel",
    )  # fmt: skip
    post = published_post(school, personas.head)
    post_url = reverse("blog:post", args=[school.slug, post.slug])

    _comment(page, post_url, "What a lovely sports day, thank you!")
    expect(page.locator("#comment-form")).to_contain_text("once the school has approved it")
    _comment(page, post_url, NEGATIVE)
    expect(page.locator("#comment-form")).to_contain_text("once the school has approved it")
    expect(page.locator("body")).not_to_contain_text("lovely sports day")

    page = sign_in_page(personas.teacher)
    page.goto(reverse("moderation:queue"))
    expect(page.locator("#shortcuts")).to_contain_text("approve")
    items = page.locator("#queue .queue-item")
    # The complaint about a colleague went to the head: the teacher never reads it.
    expect(items).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Mrs Patel")
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(".messages")).to_contain_text("Approved")

    negative = Comment.objects.get(status="escalated")
    response = page.goto(reverse("moderation:comment", args=[negative.pk]))
    assert response is not None and response.status == 404

    page = sign_in_page(personas.head)
    page.goto(reverse("moderation:queue"))
    items = page.locator("#queue .queue-item")
    expect(items.first).to_contain_text("With the head")  # most severe first
    expect(items.first).to_contain_text("A member of staff is named: Mrs Patel")
    screenshot(page, "moderation-queue", tour=True)
    page.goto(reverse("moderation:comment", args=[negative.pk]))
    page.get_by_role("link", name="Block the commenter").click()
    page.get_by_label("Why").fill("Abusive comment about a member of staff.")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Blocked")
    assert Sanction.objects.get(kind="commenter_block").email == "sam@example.org"

    page.context.clear_cookies()
    page.goto(post_url)
    expect(page.locator("main")).to_contain_text("What a lovely sports day")
    _comment(page, post_url, "I would like to say one more thing.")
    expect(page.locator("#comment-form")).to_contain_text("cannot comment")
    assert Comment.objects.count() == 2


def test_after_a_decision_by_key_the_next_comment_is_the_current_one(sign_in_page, personas):
    cache.clear()
    post = published_post(personas.school, personas.head)
    for name, text in (
        ("First Parent", "Lovely assembly, well done everyone!"),
        ("Second Parent", "What a brilliant sports day."),
        ("Third Parent", "Thank you for the photos of the trip."),
    ):
        make_comment(post, text, name=name)

    page = sign_in_page(personas.teacher)
    page.goto(reverse("moderation:queue"))
    items = page.locator("#queue .queue-item")
    expect(items).to_have_count(3)
    decided = items.first.locator("strong").first.inner_text()
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(".messages")).to_contain_text("Approved")
    expect(items).to_have_count(2)
    # The queue carries on where the moderator was, not from the top with nothing chosen.
    expect(page.locator("#queue .queue-item.current")).to_have_count(1)
    expect(items.first).to_be_focused()
    expect(items.first).not_to_contain_text(decided)
    page.keyboard.press("a")
    expect(items).to_have_count(1)
    expect(items.first).to_be_focused()


@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_a_decision_with_the_mouse_lands_on_the_next_comment_not_the_top(
    sign_in_page, personas, size
):
    cache.clear()
    post = published_post(personas.school, personas.head)
    for n in range(1, 7):
        make_comment(post, f"Thank you for the photos of the trip, part {n}.", name=f"Parent {n}")

    page = sign_in_page(personas.teacher)
    page.set_viewport_size(size)
    page.goto(reverse("moderation:queue"))
    items = page.locator("#queue .queue-item")
    expect(items).to_have_count(6)
    following = items.nth(4).get_attribute("id")
    items.nth(3).scroll_into_view_if_needed()
    items.nth(3).get_by_role("button", name="Approve").click()

    expect(items).to_have_count(5)
    nxt = page.locator(f"#{following}")
    # The page opens at the comment that came next, its message above it,
    # and the shortcuts carry on from it.
    expect(nxt).to_be_in_viewport()
    expect(nxt.locator(".messages")).to_contain_text("Approved")
    expect(nxt).to_be_focused()
    assert page.evaluate("window.scrollY") > 0
    page.keyboard.press("a")
    expect(items).to_have_count(4)


OFF_SCREEN = """e => {
  const r = e.getBoundingClientRect();
  return r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.width * r.height <= 1;
}"""


@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_a_grandparent_fills_in_every_box_they_see_and_the_comment_waits_in_the_queue(
    sign_in_page, page, personas, size
):
    cache.clear()
    post = published_post(personas.school, personas.head)
    page.set_viewport_size(size)
    page.goto(reverse("blog:post", args=[personas.school.slug, post.slug]))
    form = page.locator("#comment-form")
    trap = form.locator("input[name=website]")
    assert trap.evaluate(OFF_SCREEN), "the spam trap is on screen"
    assert trap.get_attribute("tabindex") == "-1"
    assert trap.get_attribute("autocomplete") == "off"
    # A person goes from box to box with Tab and fills in each one they reach.
    form.get_by_label("Your name").click()
    answers = {"name": "Grandma Joan", "email": "joan@example.org", "text": "Such happy faces!"}
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        focused = page.locator(":focus")
        name = focused.get_attribute("name")
        if name == "relationship":
            focused.select_option("family")
        else:
            focused.fill(answers.pop(name))
        page.keyboard.press("Tab")
    assert not answers
    page.keyboard.press("Enter")
    expect(form).to_contain_text("once the school has approved it")

    page = sign_in_page(personas.teacher)
    page.goto(reverse("moderation:queue"))
    expect(page.locator("#queue")).to_contain_text("Such happy faces!")
    assert Comment.objects.get().name == "Grandma Joan"


def test_a_filled_trap_is_not_thanked_and_keeps_what_was_written(page, personas):
    cache.clear()
    post = published_post(personas.school, personas.head)
    page.goto(reverse("blog:post", args=[personas.school.slug, post.slug]))
    form = page.locator("#comment-form")
    form.get_by_label("Your name").fill("Grandma Joan")
    form.get_by_label("Your email").fill("joan@example.org")
    form.get_by_label("Your comment").fill("Such happy faces!")
    # What an autofilling browser (or a bot) does to the box nobody sees.
    form.locator("input[name=website]").fill("http://example.org")
    form.get_by_role("button", name="Send comment").click()
    expect(form.get_by_role("alert")).to_contain_text("has not been sent")
    expect(form).not_to_contain_text("Thank you")
    expect(form.get_by_label("Your comment")).to_have_value("Such happy faces!")
    assert not Comment.objects.exists()


def test_the_shortcuts_list_is_folded_on_a_phone_and_open_on_a_desktop(sign_in_page, personas):
    page = sign_in_page(personas.teacher)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("moderation:queue"))
    shortcuts = page.locator("#shortcuts")
    expect(shortcuts.get_by_text("next comment")).to_be_hidden()
    # Still there for a phone with a keyboard: one tap opens it.
    shortcuts.get_by_text("Keyboard shortcuts").click()
    expect(shortcuts.get_by_text("next comment")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("moderation:queue"))
    expect(page.locator("#shortcuts").get_by_text("next comment")).to_be_visible()
