"""Each person's preference decides when (and whether) notification email goes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from schoolgate.moderation.tests.factories import make_comment, published_post
from schoolgate.notifications.models import Delivery, Notice
from schoolgate.notifications.services import digests_send, notify, preferences_set

pytestmark = pytest.mark.django_db

NEGATIVE = "This school is a joke and the teachers are useless"


@pytest.fixture
def post(personas):
    return published_post(personas.school, personas.teacher, slug="sports-day")


def _held(post, commit, name="Grandma Pat", text="Lovely photos of sports day!"):
    with commit(execute=True):
        return make_comment(post, text, name=name)


def _to(person):
    return [m for m in mail.outbox if person.email in m.to]


def test_a_held_comment_waits_for_the_hourly_digest_by_default(
    post, personas, django_capture_on_commit_callbacks
):
    _held(post, django_capture_on_commit_callbacks)
    assert _to(personas.teacher) == []  # shire: teachers approve comments
    assert Notice.objects.filter(user=personas.teacher, delivery="hourly").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(delivery=Delivery.HOURLY)
    [digest] = _to(personas.teacher)
    assert digest.subject == "Schoolgate: your hourly digest"
    assert "Grandma Pat" in digest.body


def test_choosing_at_once_sends_a_held_comment_at_once(
    post, personas, django_capture_on_commit_callbacks
):
    preferences_set(user=personas.teacher, choices={"comments.held": "now"})
    _held(post, django_capture_on_commit_callbacks)
    [email] = _to(personas.teacher)
    assert "waiting for approval" in email.subject
    assert not Notice.objects.filter(user=personas.teacher).exists()


def test_a_daily_digest_is_not_sent_by_the_hourly_run(
    post, personas, django_capture_on_commit_callbacks
):
    preferences_set(user=personas.teacher, choices={"comments.held": "daily"})
    _held(post, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(delivery=Delivery.HOURLY)
    assert _to(personas.teacher) == []
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(delivery=Delivery.DAILY)
    assert [m.subject for m in _to(personas.teacher)] == ["Schoolgate: your daily digest"]


def test_the_digest_groups_many_items_into_one_short_email(
    post, personas, django_capture_on_commit_callbacks
):
    for n in range(12):
        _held(post, django_capture_on_commit_callbacks, name=f"Parent {n}", text=f"Well done {n}!")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            topic_code="registers",
            to=[personas.teacher],
            subject="A friend request was reported",
            body="Full text",
            line="A friend request was reported",
        )
    preferences_set(user=personas.teacher, choices={"registers": "hourly"})
    notify(
        topic_code="registers",
        to=[personas.teacher],
        subject="A friend request was reported",
        body="Full text",
        line="Another friend request was reported",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(delivery=Delivery.HOURLY) >= 1
    [digest] = _to(personas.teacher)
    assert "Comments held for approval (12)" in digest.body
    assert "- and 4 more" in digest.body  # eight lines, then a count
    assert "Accounts, applications, requests and declarations (1)" in digest.body
    assert "/notifications/" in digest.body  # where to change it
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(delivery=Delivery.HOURLY) == 0  # each line goes once


def test_a_comment_dealt_with_before_the_digest_is_left_out(
    post, personas, django_capture_on_commit_callbacks
):
    from schoolgate.moderation.services import comment_approve

    comment = _held(post, django_capture_on_commit_callbacks)
    _held(post, django_capture_on_commit_callbacks, name="Uncle Bob", text="Great day")
    comment_approve(comment=comment, actor=personas.head)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(delivery=Delivery.HOURLY)
    [digest] = _to(personas.teacher)
    assert "Uncle Bob" in digest.body
    assert "Grandma Pat" not in digest.body


def test_off_means_no_email_where_the_topic_allows_it(personas):
    preferences_set(user=personas.teacher, choices={"publishing.lapse": "off"})
    sent = notify(
        topic_code="publishing.lapse",
        to=[personas.teacher],
        subject="Your draft lapsed",
        body="It lapsed.",
        line="It lapsed",
    )
    assert sent == 0
    assert mail.outbox == []
    assert not Notice.objects.exists()


def test_held_comments_cannot_be_turned_off(personas):
    with pytest.raises(ValidationError):
        preferences_set(user=personas.teacher, choices={"comments.held": "off"})


@pytest.mark.parametrize("topic", ["safeguarding", "comments.escalated"])
@pytest.mark.parametrize("delivery", ["hourly", "daily", "off"])
def test_safeguarding_and_escalations_cannot_be_delayed_or_turned_off(personas, topic, delivery):
    with pytest.raises(ValidationError):
        preferences_set(user=personas.head, choices={topic: delivery})


def test_the_floor_holds_even_against_a_stored_choice(
    post, personas, django_capture_on_commit_callbacks
):
    from schoolgate.notifications.models import Preference

    # A choice stored some other way (the admin, an old release) is ignored.
    Preference.objects.create(user=personas.head, topic="comments.escalated", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, NEGATIVE)
    [email] = _to(personas.head)
    assert "head's decision" in email.subject
    assert NEGATIVE not in email.body


def test_a_safeguarding_record_is_told_at_once_whatever_the_dsl_chose(
    personas, django_capture_on_commit_callbacks
):
    from schoolgate.notifications.models import Preference
    from schoolgate.safeguarding.tests.factories import make_record

    Preference.objects.create(user=personas.dsl, topic="safeguarding", delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        make_record(personas.school, personas.teacher)
    [email] = _to(personas.dsl)
    assert email.subject == "Schoolgate: a safeguarding record for you"
    assert not Notice.objects.exists()


def test_notify_refuses_to_put_a_confidential_topic_in_a_digest(personas):
    from unittest import mock

    from schoolgate.notifications import services

    # Even were a floor lowered by mistake, a safeguarding line is never queued.
    daily = {personas.dsl: Delivery.DAILY}
    with (
        mock.patch.object(services, "deliveries", return_value=daily),
        pytest.raises(ValueError, match="confidential"),
    ):
        notify(
            topic_code="safeguarding",
            to=[personas.dsl],
            subject="Schoolgate: a safeguarding record for you",
            body="Sign in to read it.",
            line="A safeguarding record was routed to you",
        )
    assert not Notice.objects.exists()


def test_a_queued_line_of_a_confidential_topic_is_never_sent(personas):
    Notice.objects.create(
        user=personas.dsl, topic="safeguarding", delivery="daily", line="Record #4 about Jack"
    )
    assert digests_send(delivery=Delivery.DAILY) == 0
    assert mail.outbox == []


def test_a_held_comment_hidden_from_a_moderator_never_reaches_their_digest(
    post, personas, django_capture_on_commit_callbacks
):
    from schoolgate.moderation.models import Comment

    comment = _held(post, django_capture_on_commit_callbacks)
    # Later escalated: now for the head alone, so the teacher's line is dropped.
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.ESCALATED)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(delivery=Delivery.HOURLY)
    assert _to(personas.teacher) == []


def test_each_recipient_gets_their_own_email_and_sees_no_other_address(personas):
    sent = notify(
        topic_code="safeguarding",
        to=[personas.dsl, personas.head],
        subject="Schoolgate: a safeguarding record for you",
        body="Sign in to read it.",
        line="A safeguarding record was routed to you",
    )
    assert sent == 2
    addressed = sorted((m.to, m.cc, m.bcc) for m in mail.outbox)
    assert addressed == sorted(([p.email], [], []) for p in (personas.dsl, personas.head))
    assert all(m.body == "Sign in to read it." for m in mail.outbox)


def test_a_parent_who_chose_a_daily_digest_gets_renewal_requests_in_it(
    personas, django_capture_on_commit_callbacks
):
    from schoolgate.notifications.services import notify_addresses

    preferences_set(user=personas.parent, choices={"consent.renewal": "daily"})
    sent = notify_addresses(
        topic_code="consent.renewal",
        to=[("home@example.test", personas.parent), ("other@example.test", None)],
        subject="Larkspur: please renew photo consent",
        body="Please renew.",
        line="Larkspur asks you to renew your answer about photos of your child.",
        link="https://sg.test/consent/children/7/",
    )
    # The address with no account gets it at once; the parent's waits.
    assert sent == 1 and [m.to for m in mail.outbox] == [["other@example.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(delivery=Delivery.DAILY)
    [digest] = _to(personas.parent)
    assert "Requests to renew photo consent for your child (1)" in digest.body
    assert "https://sg.test/consent/children/7/" in digest.body


def test_a_parent_who_turned_renewals_off_is_not_emailed(personas):
    from schoolgate.notifications.services import notify_addresses

    preferences_set(user=personas.parent, choices={"consent.renewal": "off"})
    sent = notify_addresses(
        topic_code="consent.renewal", to=[("home@example.test", personas.parent)],
        subject="Renew", body="Please renew.",
    )  # fmt: skip
    assert sent == 0 and mail.outbox == [] and not Notice.objects.exists()
