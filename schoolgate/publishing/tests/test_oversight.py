"""The head hears what staff published directly: a dashboard panel of the
week's posts with a take-down, and a weekly summary email (shire: teachers
publish straight to the blog, Facebook and X)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schoolgate.publishing.models import Approval, Post
from schoolgate.publishing.oversight import weekly_summary_send

DASHBOARD = reverse("web:dashboard")


@pytest.fixture
def direct(make_post, personas, submit):
    """A teacher's post, out at once on the blog, Facebook and Mastodon."""
    post = submit(make_post(title="Harvest festival"), personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    return post


def _published_on(post, when):  # type: ignore[no-untyped-def]
    Post.objects.filter(pk=post.pk).update(published_at=when)


def _approved(post, head):  # type: ignore[no-untyped-def]
    Approval.objects.create(
        post=post,
        version=post.published,
        content_hash="x",
        decided_by=head,
        decision=Approval.Decision.APPROVED,
    )


def _panel(page):  # type: ignore[no-untyped-def]
    found = re.search(r'<section aria-labelledby="went-out-h".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_the_head_sees_today_who_published_what_and_where(direct, personas, sign_in):
    panel = _panel(sign_in(personas.head).get(DASHBOARD).content.decode())
    assert "Harvest festival" in panel
    assert "Published without approval" in panel
    assert str(personas.teacher) in panel
    assert "Larkspur on Facebook" in panel and "Larkspur on Mastodon" in panel
    today = panel.split("<h3>Today</h3>")[1]
    assert "Harvest festival" in today


def test_last_weeks_posts_are_not_in_this_weeks_panel(
    direct, make_post, personas, submit, sign_in
):
    old = submit(make_post(title="Last term's play"), personas.teacher)
    now = timezone.now()
    monday = now - dt.timedelta(days=timezone.localdate().weekday())
    _published_on(old, monday - dt.timedelta(days=3))
    panel = _panel(sign_in(personas.head).get(DASHBOARD).content.decode())
    assert "Harvest festival" in panel
    assert "Last term's play" not in panel


def test_a_teacher_has_no_such_panel(direct, personas, sign_in):
    page = sign_in(personas.teacher).get(DASHBOARD).content.decode()
    assert _panel(page) == ""


def test_the_head_takes_a_post_down_from_the_dashboard(
    direct, personas, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(personas.head)
    panel = _panel(client.get(DASHBOARD).content.decode())
    link = re.search(r'href="([^"]+)"[^>]*>Take down<', panel).group(1).replace("&amp;", "&")
    assert "Take this post down everywhere" in client.get(link).content.decode()  # a confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"reason": "Wrong child's name", "confirm": "on"})
    assert response["Location"] == DASHBOARD
    assert Post.objects.get(pk=direct.pk).status == Post.Status.WITHDRAWN
    withdrawals = direct.outbox.filter(kind="withdraw")
    assert set(withdrawals.values_list("status", flat=True)) == {"sent"}
    panel = _panel(client.get(DASHBOARD).content.decode())
    assert "Taken down" in panel
    assert ">Take down<" not in panel


def _last_week(post):  # type: ignore[no-untyped-def]
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    when = timezone.make_aware(dt.datetime.combine(monday - dt.timedelta(days=5), dt.time(10)))
    _published_on(post, when)


def test_the_weekly_summary_lists_last_weeks_direct_posts_once(
    direct, make_post, personas, submit, django_capture_on_commit_callbacks
):
    _last_week(direct)
    approved = submit(make_post(title="Approved news"), personas.teacher)
    _approved(approved, personas.head)
    _last_week(approved)
    submit(make_post(title="This week's news"), personas.teacher)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_summary_send() == 1
    [email] = [m for m in mail.outbox if personas.head.email in m.to]
    assert "published without approval" in email.subject
    assert '"Harvest festival" by' in email.body
    assert "Larkspur on Facebook" in email.body
    assert "Approved news" not in email.body
    assert "This week's news" not in email.body
    assert "/dashboard/" in email.body
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_summary_send() == 0  # once a week
    assert len([m for m in mail.outbox if personas.head.email in m.to]) == 1


def test_a_head_who_turned_the_weekly_summary_off_gets_none(
    direct, personas, django_capture_on_commit_callbacks
):
    from schoolgate.notifications.services import preferences_set

    _last_week(direct)
    preferences_set(user=personas.head, choices={"publishing.weekly": "off"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        weekly_summary_send()
    assert [m for m in mail.outbox if personas.head.email in m.to] == []


def test_the_heads_own_posts_are_listed_as_theirs_not_as_unapproved(
    make_post, personas, submit, sign_in
):
    submit(make_post(author=personas.head, title="Head's welcome"), personas.head)
    panel = _panel(sign_in(personas.head).get(DASHBOARD).content.decode())
    assert "Yours: <a" in panel
    assert "Published without approval" not in panel
    assert "went out without approval" not in panel
