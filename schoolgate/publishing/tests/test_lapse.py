"""Unapproved drafts lapse after the profile's limit, with notice first."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from schoolgate.publishing import services
from schoolgate.publishing.models import Post


def _age(post, days):
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_an_old_draft_lapses_once_and_its_author_is_told(
    make_post, personas, django_capture_on_commit_callbacks
):
    post = make_post()
    _age(post, 15)  # the default limit is 14 days
    with django_capture_on_commit_callbacks(execute=True):
        first = services.posts_lapse()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.posts_lapse()
    assert first.lapsed == [post.pk]
    assert again.lapsed == []
    assert Post.objects.get(pk=post.pk).status == Post.Status.EXPIRED
    [message] = mail.outbox
    assert message.to == [personas.teacher.email]
    assert "lapsed" in message.subject


def test_an_author_is_warned_once_before_the_draft_lapses(
    make_post, personas, django_capture_on_commit_callbacks
):
    post = make_post()
    _age(post, 12)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.posts_lapse()
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
    assert len(mail.outbox) == 1
    assert "will lapse" in mail.outbox[0].subject


def test_editing_a_lapsed_post_starts_it_again(make_post, personas):
    post = make_post()
    _age(post, 30)
    services.posts_lapse()
    services.post_edit(
        post=post, title="Music afternoon", body="New words.", actor=personas.teacher
    )
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_the_command_has_a_dry_run(make_post, capsys):
    post = make_post()
    _age(post, 30)
    call_command("lapse_drafts", "--dry-run")
    assert "1 draft(s) would lapse" in capsys.readouterr().out
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT
