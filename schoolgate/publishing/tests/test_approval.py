"""Approval through the permission layer, the one-click links in the email,
and who sees drafts."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.links import approval_token, read_approval_token
from schoolgate.publishing.models import Post
from schoolgate.publishing.selectors import approval_decision, posts_for


@pytest.fixture
def needs_approval(personas):
    """Only the head publishes directly, so a teacher's post waits for approval."""
    ParameterOverride.objects.create(
        school=personas.school,
        rule="publishing.approval",
        param="direct_publishers",
        value=["head"],
        set_by=personas.head,
    )


def _submitted(make_post, personas, capture, author=None):
    author = author or personas.teacher
    with capture(execute=True):
        return services.post_submit(post=make_post(author=author), actor=author)


def _link(message, decision):
    return re.search(rf"{decision}: \S*(/publishing/approve-link/[^/\s]+/)", message.body, re.I)


def test_submitting_emails_the_approvers_with_signed_links(
    needs_approval, make_post, personas, django_capture_on_commit_callbacks
):
    post = _submitted(make_post, personas, django_capture_on_commit_callbacks)
    assert post.status == Post.Status.SUBMITTED
    [message] = [m for m in mail.outbox if personas.head.email in m.to]
    assert _link(message, "Approve") and _link(message, "Send back")
    assert not [m for m in mail.outbox if personas.teacher.email in m.to]


def test_the_link_opens_a_confirm_page_and_approving_publishes(
    needs_approval, make_post, personas, sign_in, django_capture_on_commit_callbacks
):
    post = _submitted(make_post, personas, django_capture_on_commit_callbacks)
    token = approval_token(post=post, approver=personas.head, decision="approve")
    url = reverse("publishing:approval_link", kwargs={"token": token})
    client = sign_in(personas.head)
    page = client.get(url)
    assert page.status_code == 200
    assert "Approve version 1 and publish" in page.content.decode()
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED  # GET changes nothing
    client.post(url)
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_an_edit_after_the_email_makes_the_link_stale(
    needs_approval, make_post, personas, sign_in, django_capture_on_commit_callbacks
):
    post = _submitted(make_post, personas, django_capture_on_commit_callbacks)
    token = approval_token(post=post, approver=personas.head, decision="approve")
    services.post_edit(post=post, title="Music afternoon", body="Changed.", actor=personas.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(post=Post.objects.get(pk=post.pk), actor=personas.teacher)
    client = sign_in(personas.head)
    url = reverse("publishing:approval_link", kwargs={"token": token})
    assert "has changed" in client.get(url).content.decode()
    assert client.post(url).status_code == 409
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED


def test_a_link_for_someone_else_or_forged_is_not_found(
    needs_approval, make_post, personas, sign_in, django_capture_on_commit_callbacks
):
    post = _submitted(make_post, personas, django_capture_on_commit_callbacks)
    token = approval_token(post=post, approver=personas.head, decision="approve")
    client = sign_in(personas.deputy)
    assert client.get(reverse("publishing:approval_link", args=[token])).status_code == 404
    assert client.get(reverse("publishing:approval_link", args=[token + "x"])).status_code == 404


def test_an_expired_link_says_so_and_does_nothing(
    needs_approval, make_post, personas, sign_in, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.signing import SignatureExpired

    from schoolgate.publishing import links

    post = _submitted(make_post, personas, django_capture_on_commit_callbacks)
    token = approval_token(post=post, approver=personas.head, decision="approve")
    with pytest.raises(SignatureExpired):
        read_approval_token(token, max_age=timedelta(seconds=-1))
    monkeypatch.setattr(links, "MAX_AGE", timedelta(seconds=-1))
    client = sign_in(personas.head)
    url = reverse("publishing:approval_link", args=[token])
    assert client.get(url).status_code == 410
    client.post(url)
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED


def test_a_heads_own_post_goes_to_the_deputy(
    needs_approval, make_post, personas, django_capture_on_commit_callbacks
):
    ParameterOverride.objects.filter(param="direct_publishers").update(value=["executive_head"])
    post = _submitted(make_post, personas, django_capture_on_commit_callbacks, personas.head)
    decision = approval_decision(personas.head, post)
    assert not decision.allowed
    assert "Deputy head" in decision.findings[0].reason
    with pytest.raises(PermissionDenied, match="head's own post"):
        services.post_approve(
            post=post, content_hash=post.current.content_hash, actor=personas.head
        )
    assert approval_decision(personas.deputy, post).allowed
    services.post_approve(post=post, content_hash=post.current.content_hash, actor=personas.deputy)
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED


def test_drafts_stay_the_authors_unless_the_head_sees_all(make_post, personas):
    draft = make_post()
    assert draft not in posts_for(personas.head, personas.school)
    ParameterOverride.objects.create(
        school=personas.school,
        rule="publishing.approval",
        param="head_sees_all",
        value=True,
        set_by=personas.head,
    )
    personas.school.__dict__.pop("_policy_cache", None)
    assert draft in posts_for(personas.head, personas.school)
    assert draft not in posts_for(personas.deputy, personas.school)
