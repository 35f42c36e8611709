"""Correcting a published post: a new version through the same checks and
approval, the old one public meanwhile; on each channel edited in place where
the platform allows it, otherwise withdrawn and posted again; and an author
withdrawing their own post."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schoolgate.publishing import services
from schoolgate.publishing.corrections import correction_plan
from schoolgate.publishing.models import LocalDelivery, OutboxItem, Post
from schoolgate.publishing.tests.factories import ChannelFactory, override_approval, post_page


@pytest.fixture
def needs_approval(personas):
    override_approval(personas, "direct_publishers", ["head"])


@pytest.fixture
def with_x(personas, channels):
    """The test school's channels and an X account (X has no edit)."""
    channels["x"] = ChannelFactory(school=personas.school, kind="x", name="Larkspur on X")
    return channels


@pytest.fixture
def published(make_post, personas, with_x, django_capture_on_commit_callbacks):
    """A post by the head (who publishes directly), sent to every channel."""
    post = make_post(author=personas.head, channels=list(with_x.values()))
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_submit(post=post, actor=personas.head)
    assert post.status == Post.Status.PUBLISHED
    assert set(post.outbox.values_list("status", flat=True)) == {"sent"}
    return post


def _correct(post, actor, body="A lovely afternoon of music in the school hall.", **kwargs):
    return services.post_edit(
        post=Post.objects.get(pk=post.pk),
        title="Music afternoon",
        body=body,
        actor=actor,
        channels=list(post.channels.all()),
        **kwargs,
    )


def _blog_text(client, post):
    url = reverse("blog:post", kwargs={"school": post.school.slug, "slug": post.slug})
    return client.get(url).content.decode()


def test_a_correction_keeps_the_published_version_public_until_it_goes_out(
    published, personas, client
):
    _correct(published, personas.head, body="Corrected: music in the school hall.")
    post = Post.objects.get(pk=published.pk)
    assert post.status == Post.Status.PUBLISHED
    assert post.correction == "draft"
    assert post.published.number == 1 and post.current.number == 2
    page = _blog_text(client, post)
    assert "A lovely afternoon of music in the hall." in page
    assert "Corrected" not in page


def test_a_published_post_is_edited_in_place_where_the_platform_allows_it_and_reposted_elsewhere(
    published, personas, with_x, client, django_capture_on_commit_callbacks
):
    _correct(published, personas.head, body="Corrected: music in the school hall.")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_submit(post=Post.objects.get(pk=published.pk), actor=personas.head)
    assert post.published.number == 2 and post.correction == ""
    assert "Corrected: music in the school hall." in _blog_text(client, post)
    for kind in ("facebook", "mastodon"):
        [copy] = LocalDelivery.objects.filter(channel=with_x[kind])
        assert "Corrected" in copy.text and copy.edited_at and copy.withdrawn_at is None
        edit = post.outbox.get(channel=with_x[kind], kind="edit")
        assert edit.status == "sent" and edit.remote_id == f"local-{copy.pk}"
    old, new = LocalDelivery.objects.filter(channel=with_x["x"]).order_by("pk")
    assert old.withdrawn_at is not None and "Corrected" not in old.text
    assert new.withdrawn_at is None and "Corrected" in new.text


def test_the_page_says_beforehand_what_happens_on_each_channel(published, personas, with_x):
    _correct(published, personas.head, body="Corrected.")
    plan = {str(step.channel): step.action for step in correction_plan(published)}
    assert plan[str(with_x["facebook"])].startswith("edited in place")
    assert plan[str(with_x["x"])].startswith("the old post is deleted")


def test_a_correction_by_a_teacher_who_needs_approval_waits_for_it(
    needs_approval, make_post, personas, with_x, sign_in, django_capture_on_commit_callbacks
):
    post = make_post(channels=list(with_x.values()))
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(post=post, actor=personas.teacher)
        services.post_approve(
            post=post, content_hash=services.approval_hash(post), actor=personas.head
        )
    _correct(post, personas.teacher, body="Corrected: the choir sang too.")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_submit(post=Post.objects.get(pk=post.pk), actor=personas.teacher)
    assert post.status == Post.Status.PUBLISHED and post.correction == "submitted"
    assert post.published.number == 1
    assert not LocalDelivery.objects.filter(text__contains="choir").exists()

    head = sign_in(personas.head)
    assert post in [p for p in head.get(reverse("publishing:posts")).context["queue"]]
    page = post_page(head, post)
    assert "and publish the correction" in page
    with django_capture_on_commit_callbacks(execute=True):
        head.post(
            reverse("publishing:approve", kwargs={"pk": post.pk}),
            {"content_hash": services.approval_hash(post)},
        )
    post.refresh_from_db()
    assert post.published.number == 2 and post.correction == ""
    assert LocalDelivery.objects.filter(text__contains="choir", withdrawn_at=None).count() == 3


def test_a_correction_sent_back_leaves_the_published_version(
    needs_approval, make_post, personas, django_capture_on_commit_callbacks
):
    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(post=post, actor=personas.teacher)
        services.post_approve(
            post=post, content_hash=services.approval_hash(post), actor=personas.head
        )
    _correct(post, personas.teacher, body="Corrected.")
    services.post_submit(post=Post.objects.get(pk=post.pk), actor=personas.teacher)
    post = services.post_reject(post=post, reason="Say which hall.", actor=personas.head)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.correction == "rejected"
    assert post.published.number == 1


def test_a_correction_that_the_checks_block_goes_nowhere(published, personas):
    _correct(published, personas.head, body="Call me on 07123 456789 about the music.")
    with pytest.raises(ValidationError):
        services.post_submit(post=Post.objects.get(pk=published.pk), actor=personas.head)
    post = Post.objects.get(pk=published.pk)
    assert post.published.number == 1 and post.correction == "draft"


def test_a_correction_cannot_change_where_the_post_goes(published, personas, with_x):
    with pytest.raises(ValidationError, match="take it down"):
        services.post_edit(
            post=published,
            title="Music afternoon",
            body="Corrected.",
            actor=personas.head,
            channels=[with_x["blog"]],
        )


def test_the_author_opens_the_composer_on_a_published_post(published, personas, sign_in):
    client = sign_in(personas.head)
    page = client.get(reverse("publishing:edit", kwargs={"pk": published.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Save correction" in text
    assert "stays on the blog and on every channel" in text
    response = client.post(
        reverse("publishing:edit", kwargs={"pk": published.pk}),
        {"title": "Music afternoon", "body": "Corrected in the browser."},
    )
    assert response.status_code == 302
    post = Post.objects.get(pk=published.pk)
    assert post.current.body == "Corrected in the browser." and post.correction == "draft"
    assert set(post.channels.all()) == set(published.channels.all())


def test_a_teacher_withdraws_their_own_published_post(
    make_post, personas, channels, sign_in, submit, django_capture_on_commit_callbacks
):
    post = submit(make_post(), personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    client = sign_in(personas.teacher)
    assert "Withdraw this post" in post_page(client, post)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("publishing:take_down", kwargs={"pk": post.pk}),
            {"reason": "The date was wrong.", "confirm": "on"},
        )
    post.refresh_from_db()
    assert post.status == Post.Status.WITHDRAWN
    assert not LocalDelivery.objects.filter(withdrawn_at=None).exists()


def test_another_teacher_cannot_withdraw_a_colleagues_post(make_post, personas, sign_in, submit):
    from schoolgate.people.tests.factories import RoleFactory, UserFactory

    other = UserFactory()
    RoleFactory(user=other, school=personas.school, role="teacher")
    post = submit(make_post(), personas.teacher)
    client = sign_in(other)
    response = client.post(
        reverse("publishing:take_down", kwargs={"pk": post.pk}), {"reason": "No.", "confirm": "on"}
    )
    assert response.status_code == 404
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_an_edit_of_a_stale_copy_is_never_sent(published, personas, with_x):
    """A second correction approved before the first edit goes: the first is held."""
    from schoolgate.publishing.outbox import outbox_send

    _correct(published, personas.head, body="First correction.")
    services.post_submit(post=Post.objects.get(pk=published.pk), actor=personas.head)
    first = OutboxItem.objects.get(kind="edit", channel=with_x["facebook"])
    _correct(published, personas.head, body="Second correction.")
    services.post_submit(post=Post.objects.get(pk=published.pk), actor=personas.head)
    assert outbox_send(first.pk).status == OutboxItem.Status.HELD


def test_a_correction_not_yet_sent_on_cannot_be_approved(
    needs_approval, make_post, personas, django_capture_on_commit_callbacks
):
    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(post=post, actor=personas.teacher)
        services.post_approve(
            post=post, content_hash=services.approval_hash(post), actor=personas.head
        )
    _correct(post, personas.teacher, body="Half-written correction.")
    post = Post.objects.get(pk=post.pk)
    with pytest.raises(ValidationError, match="not sent this correction on"):
        services.post_approve(
            post=post, content_hash=services.approval_hash(post), actor=personas.head
        )
    assert Post.objects.get(pk=post.pk).published.number == 1
