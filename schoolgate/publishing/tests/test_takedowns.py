"""Consent withdrawn, or a pupil leaving: every published post showing the
child is withdrawn on every channel, once, with each step audited."""

import pytest
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import Pupil
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing.models import LocalDelivery, Post, Takedown
from schoolgate.publishing.takedowns import leavers_take_down, pupil_takedown

consent = pytest.importorskip("schoolgate.consent.services")
consent_factories = pytest.importorskip("schoolgate.consent.tests.factories")


@pytest.fixture
def jack(personas):
    pupil = PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")
    for use in ("blog", "social"):
        consent_factories.PhotoConsentFactory(pupil=pupil, use=use)
    return pupil


@pytest.fixture
def published(make_post, personas, jack, submit):
    """A post showing Jack, out on the blog, Facebook and Mastodon."""
    post = submit(make_post(pupils=[jack]), personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    assert set(post.outbox.values_list("status", flat=True)) == {"sent"}
    return post


def test_withdrawing_all_consent_takes_the_post_down_everywhere(
    published, jack, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consent.consent_withdraw(pupil=jack, parent=None, method="email", actor=personas.office)
    assert Post.objects.get(pk=published.pk).status == Post.Status.WITHDRAWN
    deliveries = LocalDelivery.objects.filter(idempotency_key__startswith=f"sg-{published.pk}-")
    assert deliveries.count() == 2
    assert all(d.withdrawn_at for d in deliveries)
    assert set(published.outbox.filter(kind="publish").values_list("status", flat=True)) == {
        "withdrawn"
    }
    assert set(published.outbox.filter(kind="withdraw").values_list("status", flat=True)) == {
        "sent"
    }
    takedown = Takedown.objects.get(pupil=jack)
    assert takedown.reason == "consent"
    assert takedown.steps.count() == 3  # the blog and two channels
    assert AuditEntry.objects.filter(event="publishing.withdrawal_queued").count() == 2
    assert AuditEntry.objects.filter(event="publishing.post_unpublished").count() == 1


def test_withdrawing_social_consent_keeps_the_blog_post(
    published, jack, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consent.consent_withdraw(
            pupil=jack, uses=["social"], parent=None, method="email", actor=personas.office
        )
    assert Post.objects.get(pk=published.pk).status == Post.Status.PUBLISHED
    assert published.outbox.filter(kind="withdraw", status="sent").count() == 2


def test_a_second_takedown_never_withdraws_a_delivery_twice(
    published, jack, personas, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            pupil_takedown(pupil=jack, uses=["social"], reason="consent", actor=personas.head)
    assert published.outbox.filter(kind="withdraw").count() == 2


def test_a_withdrawal_before_the_post_went_out_cancels_it(
    make_post, jack, personas, django_capture_on_commit_callbacks
):
    from schoolgate.publishing import services

    with django_capture_on_commit_callbacks(execute=False):
        post = services.post_submit(post=make_post(pupils=[jack]), actor=personas.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        pupil_takedown(pupil=jack, uses=["blog", "social"], reason="consent", actor=None)
    assert set(post.outbox.filter(kind="publish").values_list("status", flat=True)) == {
        "withdrawn"
    }
    assert LocalDelivery.objects.count() == 0  # nothing ever went out


def test_a_leaver_is_taken_down_once_by_the_sweep(
    published, jack, django_capture_on_commit_callbacks
):
    Pupil.objects.filter(pk=jack.pk).update(status=Pupil.Status.FORMER)  # as an import does
    with django_capture_on_commit_callbacks(execute=True):
        first = leavers_take_down()
    assert [t.reason for t in first] == ["left"]
    assert leavers_take_down() == []
    assert Post.objects.get(pk=published.pk).status == Post.Status.WITHDRAWN


def test_saving_a_pupil_as_left_takes_their_posts_down(
    published, jack, django_capture_on_commit_callbacks
):
    jack.status = Pupil.Status.FORMER
    with django_capture_on_commit_callbacks(execute=True):
        jack.save()
    assert Takedown.objects.get(pupil=jack).reason == "left"


def test_the_takedowns_page_lists_what_was_done(
    published, jack, personas, sign_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consent.consent_withdraw(pupil=jack, parent=None, method="email", actor=personas.office)
    page = sign_in(personas.head).get(reverse("publishing:takedowns")).content.decode()
    assert "Consent withdrawn: Jack Quillfeather" in page
    assert "Taken off the blog" in page
    assert "Taken down" in page
