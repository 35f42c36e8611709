"""The comment services: what is stored, what is refused, who decides what."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache

from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.moderation import services
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import make_comment, published_post
from schoolgate.people.models import StaffMember
from schoolgate.publishing.models import Audience, Post
from schoolgate.sanctions.selectors import commenter_blocked

NEGATIVE = "Mrs Patel is useless and unfair to my son, disgraceful teaching"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def post(personas):
    StaffMember.objects.create(
        school=personas.school,
        mis_id="S1",
        title="Mrs",
        first_name="Anita",
        surname="Patel",
        formal_name="Mrs Patel",
    )
    return published_post(personas.school, personas.teacher)


def test_a_comment_is_held_triaged_and_not_shown(post):
    comment = make_comment(post)
    assert comment.status == Comment.Status.HELD
    assert comment.action == "approve"
    assert "praise" in comment.labels
    assert comment.findings and comment.findings[0]["source"]
    assert not Comment.objects.displayable().exists()
    assert comment.public_text == ""


def test_a_parents_slang_praise_is_approvable_and_cites_the_praise_clause(post, personas):
    comment = make_comment(post, "Sick performance from Year 6, they absolutely killed it")
    assert comment.status == Comment.Status.HELD and comment.action == "approve"
    idiom = next(f for f in comment.findings if f["rule"] == "phrases.praise")
    assert idiom["policy_rule"] == "moderation.praise"
    assert idiom["source"].startswith("shire: ")
    services.comment_approve(comment=comment, actor=personas.teacher)
    assert Comment.objects.displayable().filter(pk=comment.pk).exists()


def test_a_negative_comment_naming_a_teacher_goes_to_the_head(post):
    comment = make_comment(post, NEGATIVE)
    assert comment.status == Comment.Status.ESCALATED
    assert "staff_name" in comment.labels
    assert any("Patel" in f["reason"] for f in comment.findings)


def test_a_complaint_about_an_unnamed_teacher_goes_to_the_head_with_its_clause(post):
    comment = make_comment(post, "Hope the teacher who shouted at my kid gets sacked")
    assert comment.status == Comment.Status.ESCALATED
    finding = next(f for f in comment.findings if f["rule"] == "matters.individual")
    assert finding["reason"].startswith("Points to the teacher")
    assert finding["source"]


def test_moderators_who_want_held_comments_at_once_get_signed_links(
    post, personas, django_capture_on_commit_callbacks
):
    from schoolgate.notifications.services import preferences_set

    preferences_set(user=personas.teacher, choices={"comments.held": "now"})
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    to = {m.to[0] for m in mail.outbox}
    assert personas.teacher.email in to  # shire: teachers approve ordinary comments
    assert "/moderation/one-click/" in mail.outbox[0].body


def test_the_head_alone_is_told_of_an_escalated_comment(
    post, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post, NEGATIVE)
    assert {m.to[0] for m in mail.outbox} == {personas.head.email}
    assert NEGATIVE not in mail.outbox[0].body


@pytest.mark.parametrize(
    "change", [{"status": Post.Status.WITHDRAWN}, {"audience": Audience.CLASS}]
)
def test_comments_on_closed_or_private_posts_are_refused(personas, change):
    post = published_post(personas.school, personas.teacher, slug="closed", **change)
    with pytest.raises(services.CommentRefused) as refused:
        make_comment(post)
    assert refused.value.code == "closed"


def test_a_repeat_of_the_same_comment_is_refused(post):
    make_comment(post, email="a@example.org")
    with pytest.raises(services.CommentRefused) as refused:
        make_comment(post, "  lovely assembly,  WELL DONE everyone ", email="a@example.org")
    assert refused.value.code == "duplicate"


def test_too_many_comments_from_one_address_are_refused(post):
    for n in range(services.RATE_LIMIT):
        make_comment(post, f"Comment number {n}", ip="203.0.113.9")
    with pytest.raises(services.CommentRefused) as refused:
        make_comment(post, "One more", ip="203.0.113.9")
    assert refused.value.code == "rate_limited"


def test_the_same_submission_is_stored_once(post):
    first = make_comment(post, submission_key="k1")
    again = make_comment(post, submission_key="k1")
    assert first.pk == again.pk
    assert Comment.objects.count() == 1


def test_a_teacher_approves_an_ordinary_comment(post, personas):
    comment = services.comment_approve(comment=make_comment(post), actor=personas.teacher)
    assert comment.status == Comment.Status.APPROVED
    assert list(Comment.objects.displayable()) == [comment]


def test_a_teacher_cannot_approve_an_escalated_comment(post, personas):
    comment = make_comment(post, NEGATIVE)
    with pytest.raises(ActionDenied):
        services.comment_approve(comment=comment, actor=personas.teacher)
    assert Comment.objects.get().status == Comment.Status.ESCALATED


def _agency_worker(school):
    from schoolgate.people.tests.factories import RoleFactory, UserFactory

    worker = UserFactory(email=f"agency@{school.slug}.test", first_name="Agnes")
    RoleFactory(user=worker, school=school, role="agency")
    return worker


def test_in_shire_a_blog_account_holder_approves_and_staff_without_one_do_not(post, personas):
    """shire "Primary Blogger": comments are approved by any account holder,
    meaning staff with a blog account, not any member of staff."""
    from schoolgate.publishing.accounts import blog_account_close, blog_account_create

    agency = _agency_worker(personas.school)
    with pytest.raises(ActionDenied, match="staff with a blog account"):
        services.comment_approve(comment=make_comment(post), actor=agency)
    with pytest.raises(ActionDenied):
        services.comment_approve(comment=make_comment(post, "Lovely"), actor=personas.governor)
    account = blog_account_create(school=personas.school, user=agency, actor=personas.head)
    approved = services.comment_approve(comment=make_comment(post, "Great day"), actor=agency)
    assert approved.status == Comment.Status.APPROVED
    blog_account_close(account=account, actor=personas.head)
    with pytest.raises(ActionDenied, match="you have none"):
        services.comment_approve(comment=make_comment(post, "Super trip"), actor=agency)


def test_in_brize_a_blog_account_approves_nothing(personas):
    """Brize names the head and deputy only: an account is no approval right there."""
    from schoolgate.publishing.accounts import blog_account_create

    school = personas.other_school
    agency = _agency_worker(school)
    blog_account_create(school=school, user=agency, actor=personas.outsider)
    post = published_post(school, personas.outsider)
    with pytest.raises(ActionDenied, match="does not let you approve"):
        services.comment_approve(comment=make_comment(post), actor=agency)


def test_only_the_head_or_deputy_approves_in_brize(personas):
    from schoolgate.people.tests.factories import RoleFactory, UserFactory

    teacher = UserFactory(email="t@wrenfield.test")
    RoleFactory(user=teacher, school=personas.other_school, role="teacher")
    post = published_post(personas.other_school, personas.outsider)
    with pytest.raises(ActionDenied):
        services.comment_approve(comment=make_comment(post), actor=teacher)
    services.comment_approve(comment=make_comment(post, "Great day"), actor=personas.outsider)


def test_a_claimed_comment_is_left_to_its_claimer(post, personas):
    comment = services.comment_claim(comment=make_comment(post), actor=personas.teacher)
    with pytest.raises(ApplicationError, match="is working on this comment"):
        services.comment_approve(comment=comment, actor=personas.head)


def test_a_teacher_escalates_and_only_the_head_decides(post, personas):
    comment = services.comment_escalate(
        comment=make_comment(post, "When does the trip leave?"),
        actor=personas.teacher,
        reason="Check",
    )
    assert comment.status == Comment.Status.ESCALATED
    assert comment.notes.get().text == "Check"
    services.comment_reject(comment=comment, actor=personas.head)
    assert Comment.objects.get().status == Comment.Status.REJECTED


def test_deleting_keeps_the_text_as_evidence(post, personas):
    comment = services.comment_delete(
        comment=make_comment(post, NEGATIVE), actor=personas.head, reason="Abuse"
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.text == NEGATIVE
    assert comment.public_text == ""


def test_blocking_refuses_the_commenters_next_comment(post, personas):
    comment = make_comment(post, NEGATIVE, email="Angry@Example.org")
    sanction = services.commenter_block(
        comment=comment, reason="Abuse of staff", actor=personas.head
    )
    assert sanction.ends_on is not None  # the profile's length: it lapses by itself
    assert commenter_blocked(personas.school, "angry@example.org")
    with pytest.raises(services.CommentRefused) as refused:
        make_comment(post, "Another thought", email="angry@example.org")
    assert refused.value.code == "blocked"
    assert Comment.objects.count() == 1


def test_a_teacher_cannot_block(post, personas):
    with pytest.raises(ActionDenied):
        services.commenter_block(
            comment=make_comment(post, NEGATIVE), reason="x", actor=personas.teacher
        )


def test_not_a_problem_is_recorded_and_approves(post, personas):
    comment = make_comment(post, "When does the trip leave?")
    comment = services.comment_not_a_problem(comment=comment, actor=personas.teacher)
    assert comment.not_a_problem and comment.status == Comment.Status.APPROVED


def test_an_external_comment_is_stored_once_per_remote_id(post, personas):
    from schoolgate.publishing.tests.factories import ChannelFactory

    channel = ChannelFactory(school=personas.school, kind="facebook")
    kwargs = {
        "school": personas.school,
        "channel": channel,
        "external_id": "fb-1",
        "name": "A",
        "text": "Hi",
    }
    first = services.comment_submit(**kwargs)
    again = services.comment_submit(**kwargs)
    assert first.pk == again.pk and first.source == Comment.Source.EXTERNAL


def test_platform_reports_need_the_policy(post, personas):
    # shire's under-13 rule flags but does not report to the platform.
    with pytest.raises(ApplicationError, match="does not ask"):
        services.platform_report_record(
            comment=make_comment(post, NEGATIVE),
            platform="facebook",
            reason="under_13",
            actor=personas.head,
        )
