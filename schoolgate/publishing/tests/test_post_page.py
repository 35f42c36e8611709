"""A post's page: the send-on button says what it does, publishing at once is
confirmed first, the reviewer sees no author-facing notes, and a published post
can be taken down by hand."""

import re

import pytest
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing import services
from schoolgate.publishing.models import Post, Takedown
from schoolgate.publishing.tests.factories import override_approval, post_page


def test_the_button_says_it_publishes_now_and_where(make_post, personas, sign_in):
    post = make_post()
    html = post_page(sign_in(personas.teacher), post)
    label = re.search(r"<button[^>]*>(Publish now to [^<]*)</button>", html).group(1)
    assert label.startswith("Publish now to the school blog, ")
    assert "Larkspur on Facebook" in label
    assert label.endswith(" and Larkspur on Mastodon")
    assert "Send on" not in html


def test_publishing_now_asks_for_confirmation_first(make_post, personas, sign_in):
    post = make_post()
    client = sign_in(personas.teacher)
    url = reverse("publishing:submit", kwargs={"pk": post.pk})
    response = client.post(url)
    assert response.status_code == 200
    assert "Yes, publish now" in response.content.decode()
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_the_button_names_the_approver_when_the_post_needs_approval(make_post, personas, sign_in):
    override_approval(personas, "direct_publishers", ["head"])
    post = make_post()
    html = post_page(sign_in(personas.teacher), post)
    assert f"Send to {personas.head} for approval" in html
    response = sign_in(personas.teacher).post(reverse("publishing:submit", kwargs={"pk": post.pk}))
    assert response.status_code == 302  # no confirmation: nothing goes out yet
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED


def test_a_post_waiting_for_approval_offers_no_edit_or_send_on(make_post, personas, sign_in):
    override_approval(personas, "direct_publishers", ["head"])
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    html = post_page(sign_in(personas.teacher), post)
    assert reverse("publishing:edit", kwargs={"pk": post.pk}) not in html
    assert reverse("publishing:submit", kwargs={"pk": post.pk}) not in html
    assert "Waiting for approval" in html


def test_the_reviewer_is_not_told_their_posts_are_approved(make_post, personas, sign_in):
    override_approval(personas, "direct_publishers", ["head"])
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    assert "Your posts are approved" in post_page(sign_in(personas.teacher), post)
    html = post_page(sign_in(personas.head), post)
    assert "Approve version 1 and publish" in html
    assert "Your posts are approved" not in html


def test_a_blocked_post_offers_no_send_on_and_says_what_to_fix(make_post, personas, sign_in):
    override_approval(personas, "direct_publishers", ["head"])
    PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")
    post = make_post(body="Well done Jack Quillfeather!")
    html = post_page(sign_in(personas.teacher), post)
    assert reverse("publishing:submit", kwargs={"pk": post.pk}) not in html
    assert "for approval</button>" not in html
    blocked = re.search(r'<div class="blocked" id="blocked">(.*?)</div>', html, re.S).group(1)
    assert "Jack&#x27;s full name appears" in blocked
    edit = reverse("publishing:edit", kwargs={"pk": post.pk})
    assert f'<a href="{edit}">Edit the post to fix this</a>' in blocked


def test_sending_a_blocked_post_anyway_is_refused_with_the_reason(make_post, personas, sign_in):
    PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")
    post = make_post(body="Well done Jack Quillfeather!")
    client = sign_in(personas.teacher)
    response = client.post(reverse("publishing:submit", kwargs={"pk": post.pk}), follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Jack&#x27;s full name appears")
    edit = reverse("publishing:edit", kwargs={"pk": post.pk})
    assert f'<a href="{edit}">Edit the post to fix this</a>' in message
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_saving_a_new_draft_lands_on_its_photos(personas, sign_in, channels):
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("publishing:compose"),
        {
            "title": "Farm",
            "body": "Lambs.",
            "channels": [channels["blog"].pk],
            "audience": "public",
        },
    )
    post = Post.objects.get()
    assert response["Location"] == reverse("publishing:edit", kwargs={"pk": post.pk}) + "#photos"
    assert 'id="photos"' in client.get(response["Location"]).content.decode()


# ---------------------------------------------------------------------------
# Taking a post down by hand
# ---------------------------------------------------------------------------


@pytest.fixture
def published(make_post, personas, submit):
    post = submit(make_post(), personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    return post


def test_the_head_takes_a_post_down_and_its_author_may_withdraw_it(published, personas, sign_in):
    url = reverse("publishing:take_down", kwargs={"pk": published.pk})
    assert "Take this post down" in post_page(sign_in(personas.head), published)
    page = post_page(sign_in(personas.teacher), published)
    assert url in page and "Withdraw this post" in page


def test_taking_down_needs_a_reason_and_confirmation(published, personas, sign_in):
    client = sign_in(personas.head)
    url = reverse("publishing:take_down", kwargs={"pk": published.pk})
    assert client.post(url, {"reason": "", "confirm": "on"}).status_code == 400
    assert client.post(url, {"reason": "Wrong date"}).status_code == 400
    assert Post.objects.get(pk=published.pk).status == Post.Status.PUBLISHED


def test_the_head_takes_a_post_down_everywhere(
    published, personas, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(personas.head)
    url = reverse("publishing:take_down", kwargs={"pk": published.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Wrong date", "confirm": "on"})
    assert response.status_code == 302
    assert Post.objects.get(pk=published.pk).status == Post.Status.WITHDRAWN
    withdrawals = published.outbox.filter(kind="withdraw")
    assert set(withdrawals.values_list("status", flat=True)) == {"sent"}
    assert withdrawals.count() == 2
    takedown = Takedown.objects.get(reason="by_hand")
    assert (takedown.note, takedown.pupil, takedown.requested_by) == (
        "Wrong date",
        None,
        personas.head,
    )
    assert AuditEntry.objects.filter(event="publishing.post_taken_down").count() == 1
    listed = client.get(reverse("publishing:takedowns")).content.decode()
    assert "Taken down by hand" in listed
    assert "Wrong date" in listed
    assert client.post(url, {"reason": "Again", "confirm": "on"}).status_code == 400
    assert published.outbox.filter(kind="withdraw").count() == 2  # withdrawn once only


def test_a_teacher_cannot_take_down_someone_elses_post(make_post, personas, sign_in, submit):
    heads = submit(make_post(author=personas.head), personas.head)
    url = reverse("publishing:take_down", kwargs={"pk": heads.pk})
    response = sign_in(personas.teacher).post(url, {"reason": "Oops", "confirm": "on"})
    assert response.status_code == 404
    assert Post.objects.get(pk=heads.pk).status == Post.Status.PUBLISHED
