"""Who publishes to which kind of channel without approval: the blog and the
social channels each have their own roles in "publishing.approval"."""

import pytest

from schoolgate.publishing import services
from schoolgate.publishing.models import Post
from schoolgate.publishing.tests.factories import override_approval, post_page


@pytest.fixture
def social_needs_the_head(personas):
    """A school whose teachers blog directly but whose social pages the head runs."""
    override_approval(personas, "social_direct_publishers", ["head"])


def test_a_teachers_blog_only_post_goes_out_at_once(
    social_needs_the_head, make_post, personas, channels
):
    post = make_post(channels=[channels["blog"]])
    assert services.post_submit(post=post, actor=personas.teacher).status == Post.Status.PUBLISHED


def test_a_teachers_post_to_facebook_waits_for_the_head(
    social_needs_the_head, make_post, personas, sign_in
):
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    assert post.status == Post.Status.SUBMITTED
    assert not post.outbox.exists()
    html = post_page(sign_in(personas.teacher), post)
    assert "Your posts to social media are approved before they go out" in html


def test_shire_lets_a_blogger_s_post_follow_to_facebook(make_post, personas):
    """shire "Facebook and Twitter": the pages follow the blog automatically."""
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    assert post.outbox.count() == 2
