"""Posts approved to go out at a chosen time: the outbox sweep publishes them
when due, through the same checks and send gate, so consent withdrawn before
then holds the post."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.consent.services import consent_withdraw
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing import services
from schoolgate.publishing.models import LocalDelivery, Post
from schoolgate.publishing.outbox import outbox_sweep
from schoolgate.publishing.tests.factories import override_approval, post_page


@pytest.fixture
def needs_approval(personas):
    override_approval(personas, "direct_publishers", ["head"])


@pytest.fixture
def kemi(personas):
    pupil = PupilFactory(school=personas.school, first_name="Kemi", surname="Adebayo")
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=pupil, use=use)
    return pupil


@pytest.fixture
def waiting(needs_approval, make_post, personas, kemi, django_capture_on_commit_callbacks):
    post = make_post(pupils=[kemi])
    with django_capture_on_commit_callbacks(execute=True):
        return services.post_submit(post=post, actor=personas.teacher)


def _approve_at(client, post, when):
    return client.post(
        reverse("publishing:approve", kwargs={"pk": post.pk}),
        {
            "content_hash": services.approval_hash(post),
            "publish_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
        },
    )


def test_a_post_approved_for_later_waits_and_the_lists_show_its_time(waiting, personas, sign_in):
    client = sign_in(personas.head)
    when = timezone.now() + timedelta(days=1)
    _approve_at(client, waiting, when)
    post = Post.objects.get(pk=waiting.pk)
    assert post.status == Post.Status.APPROVED
    assert abs(post.publish_at - when) < timedelta(minutes=1)
    assert not LocalDelivery.objects.exists()
    shown = timezone.localtime(post.publish_at).strftime("%-d %b %Y %H:%M")
    listing = sign_in(personas.teacher).get(reverse("publishing:posts")).content.decode()
    assert f"Scheduled for {shown}" in listing
    assert f"scheduled for {shown}" in post_page(client, post)


def test_the_sweep_publishes_it_when_due_and_not_before(
    waiting, personas, channels, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(hours=2)
    services.post_approve(
        post=waiting,
        content_hash=services.approval_hash(waiting),
        actor=personas.head,
        publish_at=when,
    )
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(now=timezone.now())
    assert Post.objects.get(pk=waiting.pk).status == Post.Status.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(now=when + timedelta(minutes=1))
    post = Post.objects.get(pk=waiting.pk)
    assert post.status == Post.Status.PUBLISHED and post.publish_at is None
    assert LocalDelivery.objects.filter(channel__kind__in=["facebook", "mastodon"]).count() == 2


def test_consent_withdrawn_before_the_time_holds_it_from_social_media(
    waiting, personas, kemi, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(hours=2)
    services.post_approve(
        post=waiting,
        content_hash=services.approval_hash(waiting),
        actor=personas.head,
        publish_at=when,
    )
    consent_withdraw(pupil=kemi, uses=["social"], parent=None, method="email", actor=personas.head)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(now=when + timedelta(minutes=1))
    post = Post.objects.get(pk=waiting.pk)
    assert post.status == Post.Status.PUBLISHED  # the blog still has consent
    assert not LocalDelivery.objects.exists()


def test_consent_withdrawn_for_everything_holds_the_whole_post_and_says_why(
    waiting, personas, kemi, sign_in, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(hours=2)
    services.post_approve(
        post=waiting,
        content_hash=services.approval_hash(waiting),
        actor=personas.head,
        publish_at=when,
    )
    consent_withdraw(
        pupil=kemi, uses=["blog", "social"], parent=None, method="email", actor=personas.head
    )
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep(now=when + timedelta(minutes=1))
        outbox_sweep(now=when + timedelta(minutes=5))
    post = Post.objects.get(pk=waiting.pk)
    assert post.status == Post.Status.APPROVED and post.schedule_held
    assert not LocalDelivery.objects.exists()
    assert "Held back when it was due" in post_page(sign_in(personas.head), post)


def test_a_time_in_the_past_is_refused(waiting, personas, sign_in):
    client = sign_in(personas.head)
    _approve_at(client, waiting, timezone.now() - timedelta(hours=1))
    assert Post.objects.get(pk=waiting.pk).status == Post.Status.SUBMITTED


def test_the_approval_form_offers_a_date_time_picker(waiting, personas, sign_in):
    page = post_page(sign_in(personas.head), waiting)
    assert 'type="datetime-local"' in page and 'name="publish_at"' in page
