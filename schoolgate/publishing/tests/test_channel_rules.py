"""Rules about the school's channels that publishing runs (C3.2, C3.8-C3.10):
each with its effect under the profile that sets it and its absence under
one that does not."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schoolgate.core.permissions import decide
from schoolgate.people.tests.factories import RoleFactory, UserFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.gate import delivery_queue
from schoolgate.publishing.models import BlogAccount, LocalDelivery, Post
from schoolgate.publishing.selectors import approval_refusal, check_post, reshareable_channels
from schoolgate.publishing.tests.factories import ChannelFactory, post_page

SHIRE_NOTICE = "These pages share school news only."


def use_profile(school, profile):
    school.profile = profile
    school.save(update_fields=["profile"])
    school._policy_cache = None


@pytest.fixture
def pages(personas):
    """The shire school's blog and three social pages; shire names Facebook and X."""
    school = personas.school
    return {
        kind: ChannelFactory(school=school, kind=kind, name=f"Larkspur {kind}")
        for kind in ("blog", "facebook", "x", "mastodon")
    }


def publish(personas, pages, author=None, django_capture_on_commit_callbacks=None):
    post = services.post_create(
        school=personas.school,
        title="Sports day",
        body="Races on the field all afternoon.",
        actor=author or personas.head,
        channels=list(pages.values()),
    )
    return services.post_submit(post=post, actor=author or personas.head)


# --- Cross-posting (shire "Facebook and Twitter") -----------------------------


def test_shire_copies_a_blog_post_to_facebook_and_x_only(personas, pages):
    post = publish(personas, pages)
    assert post.status == Post.Status.PUBLISHED
    reached = {i.channel.kind for i in post.outbox.all()}
    assert reached == {"facebook", "x"}
    refusal = (
        'copies blog posts to Facebook Page and X (Twitter) only (shire policy: shire "Facebook'
    )
    with pytest.raises(ValidationError, match="copies blog posts to"):
        delivery_queue(post=post, channel=pages["mastodon"])
    assert pages["mastodon"] not in reshareable_channels(post)
    assert refusal in _gate(post, pages["mastodon"])


def _gate(post, channel):
    from schoolgate.publishing.gate import send_refusal

    return send_refusal(post, channel, post.published) or ""


def test_without_cross_posting_the_authors_channels_stand(personas, pages):
    use_profile(personas.school, "jessons")  # jessons: cross-posting off
    post = publish(personas, pages)
    assert {i.channel.kind for i in post.outbox.all()} == {"facebook", "x", "mastodon"}


def test_the_composer_offers_only_the_cross_posting_targets(personas, pages, sign_in):
    page = sign_in(personas.teacher).get(reverse("publishing:compose")).content.decode()
    assert "Larkspur facebook" in page and "Larkspur x" in page
    assert "Larkspur mastodon" not in page
    assert "Your policy copies blog posts to these pages" in page


# --- One-way pages (shire "Facebook and Twitter") ----------------------------


def test_each_social_post_carries_the_one_way_notice_where_pages_are_one_way(
    personas, pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(personas, pages)
    texts = list(LocalDelivery.objects.values_list("text", flat=True))
    assert len(texts) == 2
    assert all(SHIRE_NOTICE in t for t in texts)
    # The notice comes before the link, so a platform that cuts keeps both.
    assert all(t.index(SHIRE_NOTICE) < t.index("http") for t in texts)


def test_no_notice_where_the_pages_take_comments(
    personas, pages, django_capture_on_commit_callbacks
):
    use_profile(personas.school, "brize")  # brize "Our rules": comments welcome
    with django_capture_on_commit_callbacks(execute=True):
        publish(personas, pages)
    texts = list(LocalDelivery.objects.values_list("text", flat=True))
    assert texts and not any("contact the school office" in t for t in texts)


def test_x_keeps_the_notice_whole_when_the_summary_is_cut():
    from schoolgate.publishing.connectors import Message
    from schoolgate.publishing.platforms import fitted_text

    notice = "These pages share school news only. Please contact the school office."
    link = "https://example.org/larkspur/news/sports-day/"
    text = "\n\n".join(("Sports day", "Races " * 80, notice, link))
    fitted = fitted_text(Message("k", "Sports day", text, link, notice=notice), 280)
    assert len(fitted) <= 280
    assert notice in fitted and link in fitted


# --- Blog accounts (shire "Primary Blogger") ---------------------------------


def test_in_shire_a_teacher_without_a_blog_account_is_told_why_it_needs_approval(
    personas, pages, sign_in
):
    BlogAccount.objects.filter(user=personas.teacher).delete()
    draft = _draft(personas, channels=[pages["blog"]])
    html = post_page(sign_in(personas.teacher), draft)
    assert "for approval" in html
    assert "You have no account on the school blog" in html
    BlogAccount.objects.create(
        school=personas.school, user=personas.teacher, created_by=personas.head
    )
    html = post_page(sign_in(personas.teacher), draft)
    assert "Publish now" in html and "no account on the school blog" not in html


def test_in_shire_a_teacher_without_a_blog_account_sends_posts_for_approval(personas, pages):
    BlogAccount.objects.filter(user=personas.teacher).delete()
    post = publish(personas, {"blog": pages["blog"]}, author=personas.teacher)
    assert post.status == Post.Status.SUBMITTED
    decision = decide(personas.teacher, "publishing.publish_blog_directly", personas.school)
    assert decision.findings[0].source == 'shire policy: shire "Primary Blogger"'
    assert "no account on the school blog" in decision.findings[0].reason


def test_in_shire_a_teacher_with_a_blog_account_publishes_to_the_blog(personas, pages):
    post = publish(personas, {"blog": pages["blog"]}, author=personas.teacher)
    assert post.status == Post.Status.PUBLISHED


def test_where_no_account_is_needed_a_direct_publisher_publishes_without_one(personas, pages):
    use_profile(personas.school, "jessons")  # the head publishes directly; no account asked
    BlogAccount.objects.filter(user=personas.head).delete()
    post = publish(personas, {"blog": pages["blog"]})
    assert post.status == Post.Status.PUBLISHED


# --- Private by default (whmat 6.5) ------------------------------------------


def test_whmat_composer_starts_a_post_for_a_class_and_asks_why_public(personas, sign_in):
    use_profile(personas.school, "whmat")
    page = sign_in(personas.head).get(reverse("publishing:compose")).content.decode()
    assert '<option value="class" selected>' in page
    assert "Why everyone may read it" in page


def test_brize_composer_starts_public_and_asks_no_reason(personas, sign_in):
    use_profile(personas.school, "brize")
    page = sign_in(personas.head).get(reverse("publishing:compose")).content.decode()
    assert '<option value="public" selected>' in page
    assert "Why everyone may read it" not in page


def _draft(personas, **kwargs):
    return services.post_create(
        school=personas.school, title="Art week", body="Paintings in the hall.",
        actor=personas.teacher, **kwargs,
    )  # fmt: skip


def _private_rule(post):
    return [f for f in check_post(post).findings if f.rule == "channels.private_by_default"]


def test_at_whmat_a_public_post_without_a_reason_is_refused(personas):
    use_profile(personas.school, "whmat")
    found = _private_rule(_draft(personas))
    assert [f.severity for f in found] == ["block"]
    assert found[0].source == "whmat 6.5"
    assert _private_rule(_draft(personas, audience="class", audience_value="4B")) == []


def test_at_whmat_the_reason_clears_it_and_the_approver_reads_it(personas, sign_in):
    use_profile(personas.school, "whmat")
    reason = "Our open evening is for families who have not joined yet."
    post = _draft(personas, public_reason=reason)
    assert _private_rule(post) == []
    services.post_submit(post=post, actor=personas.teacher)
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED
    assert reason in post_page(sign_in(personas.head), post)


def test_under_brize_a_public_post_needs_no_reason(personas):
    use_profile(personas.school, "brize")
    assert _private_rule(_draft(personas)) == []


def test_the_reason_is_part_of_what_is_approved(personas):
    first = _draft(personas, public_reason="For everyone.")
    other = _draft(personas, public_reason="For prospective families.")
    assert first.current.content_hash != other.current.content_hash


# --- Speaking for the school (whmat 6.12) ------------------------------------


def _statement(personas, author, **kwargs):
    return services.post_create(
        school=personas.school, title="A statement on the roof repairs",
        body="The school is closed on Monday while the roof is made safe.",
        actor=author, speaks_for_school=True, **kwargs,
    )  # fmt: skip


def test_a_statement_waits_for_the_named_roles_even_from_a_direct_publisher(personas):
    """shire lets teachers publish directly, yet only the head speaks for the school."""
    post = services.post_submit(
        post=_statement(personas, personas.teacher), actor=personas.teacher
    )
    assert post.status == Post.Status.SUBMITTED
    assert approval_refusal(personas.deputy, post) is not None  # deputy approves news, not this
    assert approval_refusal(personas.head, post) is None
    services.post_approve(
        post=post, content_hash=services.approval_hash(post), actor=personas.head
    )
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_the_named_roles_publish_their_own_statement(personas):
    post = services.post_submit(post=_statement(personas, personas.head), actor=personas.head)
    assert post.status == Post.Status.PUBLISHED


def test_news_that_is_not_a_statement_publishes_directly(personas):
    post = _draft(personas)
    assert services.post_submit(post=post, actor=personas.teacher).status == "published"


def test_whmat_names_its_statement_approvers(personas):
    use_profile(personas.school, "whmat")
    ParameterOverride.objects.create(
        school=personas.school, rule="publishing.speaking_for_school", param="approvers",
        value=["deputy_head"], set_by=personas.head,
    )  # fmt: skip
    personas.school._policy_cache = None
    author = UserFactory()
    RoleFactory(user=author, school=personas.school, role="teacher")
    statement = _statement(personas, author, public_reason="Every family needs to know.")
    post = services.post_submit(post=statement, actor=author)
    assert approval_refusal(personas.deputy, post) is None
    refusal = approval_refusal(personas.head, post)
    assert refusal and "whmat 6.12" in refusal


# --- Which platforms a channel is added on (channels.managers:platforms) ------


def test_shire_refuses_a_mastodon_channel_and_the_form_does_not_offer_it(personas, sign_in):
    from schoolgate.core.exceptions import ActionDenied

    with pytest.raises(ActionDenied, match="does not list Mastodon"):
        services.channel_create(
            school=personas.school, kind="mastodon", name="Larkspur", actor=personas.head
        )
    page = sign_in(personas.head).get(reverse("publishing:channels")).content.decode()
    assert 'value="facebook"' in page
    assert 'value="mastodon"' not in page


def test_a_school_that_lists_mastodon_adds_a_mastodon_channel(personas, sign_in):
    ParameterOverride.objects.create(
        school=personas.school,
        rule="channels.managers",
        param="platforms",
        value=["blog", "facebook", "x", "mastodon"],
        set_by=personas.head,
    )
    response = sign_in(personas.head).post(
        reverse("publishing:channels"),
        {"kind": "mastodon", "name": "Larkspur", "audience": "public"},
    )
    assert response.status_code == 302
    assert personas.school.channels.filter(kind="mastodon").exists()
