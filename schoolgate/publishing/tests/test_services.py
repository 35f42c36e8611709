"""Channels, versions, approval and the pause switch."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from schoolgate.audit.models import AuditEntry
from schoolgate.people.tests.factories import PupilFactory, RoleFactory, UserFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.crypto import open_credentials
from schoolgate.publishing.models import Channel, OutboxItem, Post


def _approvers_on_larkspur(personas, approvers, direct):
    # Shire lets teachers publish directly; these tests need an approval step.
    for param, value in (("approvers", approvers), ("direct_publishers", direct)):
        ParameterOverride.objects.create(
            school=personas.school,
            rule="publishing.approval",
            param=param,
            value=value,
            set_by=personas.head,
        )


def test_credentials_are_stored_encrypted_and_never_audited(personas):
    channel = services.channel_create(
        school=personas.school,
        kind="x",
        name="Larkspur on X",
        actor=personas.head,
        credentials={"token": "s3cret-token"},
    )
    stored = Channel.objects.get(pk=channel.pk).credentials_encrypted
    assert "s3cret-token" not in stored
    assert open_credentials(stored) == {"token": "s3cret-token"}
    services.channel_set_credentials(
        channel=channel, credentials={"token": "n3w"}, actor=personas.head
    )
    assert not AuditEntry.objects.filter(extra__icontains="n3w").exists()


def test_only_a_blog_may_be_private_and_a_private_blog_names_its_class(personas):
    with pytest.raises(ValidationError):
        services.channel_create(
            school=personas.school, kind="facebook", name="FB", audience="class",
            audience_value="4B", actor=personas.head,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.channel_create(
            school=personas.school, kind="blog", name="4B", audience="class", actor=personas.head
        )
    blog = services.channel_create(
        school=personas.school, kind="blog", name="4B blog", audience="class",
        audience_value="4B", actor=personas.head,
    )  # fmt: skip
    assert blog.audience == "class"


def test_an_edit_makes_a_new_version_and_an_unchanged_save_does_not(make_post, personas):
    post = make_post()
    first = post.current
    same = services.post_edit(
        post=post, title=first.title, body=first.body, actor=personas.teacher,
        channels=list(post.channels.all()),
    )  # fmt: skip
    assert same.pk == first.pk
    second = services.post_edit(
        post=post, title=first.title, body=first.body + " Thanks!", actor=personas.teacher,
        channels=list(post.channels.all()),
    )  # fmt: skip
    assert second.number == 2
    assert second.content_hash != first.content_hash


def test_the_body_is_sanitised_markdown(make_post):
    post = make_post(body="**Well done** <script>alert(1)</script> [link](javascript:alert(1))")
    html = post.current.body_html
    assert "<strong>Well done</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_a_direct_publisher_publishes_on_submit_and_gets_one_outbox_item_per_social_channel(
    make_post, personas
):
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    assert post.status == Post.Status.PUBLISHED
    kinds = sorted(OutboxItem.objects.filter(post=post).values_list("channel__kind", flat=True))
    assert kinds == ["facebook", "mastodon"]


def test_a_blocked_draft_goes_nowhere_and_says_why(make_post, personas):
    post = make_post(body="Ring 07700 900123 for tickets.")
    with pytest.raises(ValidationError, match="phone number"):
        services.post_submit(post=post, actor=personas.teacher)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert post.current.outcome == "block"
    assert post.current.findings[0]["source"] == 'shire "Terms of Use"'


def test_a_surname_in_the_title_blocks_too(make_post, personas):
    PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")
    post = make_post(title="Quillfeather wins")
    with pytest.raises(ValidationError, match="Jack's surname appears"):
        services.post_submit(post=post, actor=personas.teacher)


def test_nobody_approves_their_own_post(make_post, personas):
    _approvers_on_larkspur(personas, ["head", "deputy_head"], ["head"])
    post = services.post_submit(post=make_post(author=personas.deputy), actor=personas.deputy)
    assert post.status == Post.Status.SUBMITTED
    # The refusal names the rule's clause, not just the role.
    with pytest.raises(PermissionDenied, match=r"own post.*\(shire policy: shire"):
        services.post_approve(
            post=post, content_hash=post.current.content_hash, actor=personas.deputy
        )


def test_a_teachers_post_waits_for_the_head_and_the_approval_publishes_it(make_post, personas):
    _approvers_on_larkspur(personas, ["head"], ["head"])
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    assert post.status == Post.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.post_approve(
            post=post, content_hash=post.current.content_hash, actor=personas.office
        )
    post = services.post_approve(
        post=post, content_hash=post.current.content_hash, actor=personas.head
    )
    assert post.status == Post.Status.PUBLISHED
    assert post.published_id == post.current_id


def test_an_approval_binds_to_the_version_it_was_given_for(make_post, personas):
    _approvers_on_larkspur(personas, ["head"], ["head"])
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    seen = post.current.content_hash
    services.post_edit(
        post=post, title="Music afternoon", body="Changed after submitting.",
        actor=personas.teacher, channels=list(post.channels.all()),
    )  # fmt: skip
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    with pytest.raises(ValidationError, match="changed after you opened it"):
        services.post_approve(post=post, content_hash=seen, actor=personas.head)
    with pytest.raises(ValidationError, match="not been approved"):
        services.post_publish(post=post, actor=personas.teacher)


def test_a_heads_own_post_goes_to_the_deputy_or_the_executive_head(make_post, personas):
    _approvers_on_larkspur(personas, ["head"], [])
    post = services.post_submit(post=make_post(author=personas.head), actor=personas.head)
    assert post.status == Post.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.post_approve(
            post=post, content_hash=post.current.content_hash, actor=personas.head
        )
    post = services.post_approve(
        post=post, content_hash=post.current.content_hash, actor=personas.exec_head
    )
    assert post.status == Post.Status.PUBLISHED


def test_a_rejection_needs_a_reason_and_is_recorded(make_post, personas):
    _approvers_on_larkspur(personas, ["head"], ["head"])
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    with pytest.raises(ValidationError):
        services.post_reject(post=post, reason=" ", actor=personas.head)
    post = services.post_reject(post=post, reason="Use the new photo", actor=personas.head)
    assert post.status == Post.Status.REJECTED
    assert post.approvals.get().reason == "Use the new photo"


def test_pausing_the_trust_stops_every_school_publishing_until_lifted(make_post, personas):
    pause = services.publishing_pause(
        trust=personas.school.trust, reason="Incident", actor=personas.ceo
    )
    post = make_post()
    with pytest.raises(ValidationError, match="paused"):
        services.post_submit(post=post, actor=personas.teacher)
    services.publishing_resume(pause=pause, actor=personas.ceo)
    assert services.post_submit(post=post, actor=personas.teacher).status == "published"


def test_only_the_author_sends_a_post_on(make_post, personas):
    other = UserFactory()
    RoleFactory(user=other, school=personas.school, role="teacher")
    with pytest.raises(PermissionDenied):
        services.post_submit(post=make_post(), actor=other)


def test_a_school_has_one_open_pause_and_the_trust_one_of_its_own(personas):
    services.publishing_pause(school=personas.school, reason="One", actor=personas.head)
    with pytest.raises(ValidationError):
        services.publishing_pause(school=personas.school, reason="Two", actor=personas.head)
    trust = personas.school.trust
    services.publishing_pause(trust=trust, reason="Trust", actor=personas.ceo)
    with pytest.raises(ValidationError):
        services.publishing_pause(trust=trust, reason="Again", actor=personas.ceo)
