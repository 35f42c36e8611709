"""Moderation parameters a user notices: contacting a deleted comment's author,
and who a parent in breach meets."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from schoolgate.moderation import services
from schoolgate.moderation.tests.factories import held_comment

CONTACT_DUE = "The policy asks that the author of a deleted negative comment is contacted"


def _deleted(personas):  # type: ignore[no-untyped-def]
    comment = held_comment(personas.school, personas.head, status="escalated")
    return services.comment_delete(comment=comment, actor=personas.head, reason="Abuse")


def test_shire_asks_the_head_to_contact_a_deleted_comments_author(personas, sign_in):
    comment = _deleted(personas)
    client = sign_in(personas.head)
    url = reverse("moderation:comment", args=[comment.pk])
    page = client.get(url).content.decode()
    assert CONTACT_DUE in page
    assert "Facebook and Twitter" in page
    services.contact_log_add(
        comment=comment,
        actor=personas.head,
        how="phone",
        contacted_at=timezone.now(),
        outcome="Talked it through.",
    )
    assert CONTACT_DUE not in client.get(url).content.decode()


def test_brize_does_not_ask_for_a_contact(personas, sign_in):
    personas.school.profile = "brize"  # contact_commenter = false
    personas.school.save(update_fields=["profile"])
    comment = _deleted(personas)
    page = sign_in(personas.head).get(reverse("moderation:comment", args=[comment.pk]))
    assert CONTACT_DUE not in page.content.decode()


def test_stpeters_sets_the_meeting_with_the_executive_principal(personas, sign_in):
    personas.school.profile = "stpeters"  # meeting_with = executive_head
    personas.school.save(update_fields=["profile"])
    comment = held_comment(personas.school, personas.head, status="escalated")
    page = sign_in(personas.head).get(reverse("moderation:meeting", args=[comment.pk]))
    name = personas.exec_head.get_full_name()
    assert f'value="{name} (Executive head / principal)"' in page.content.decode()
