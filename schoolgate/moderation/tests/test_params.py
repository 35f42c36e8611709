"""Moderation parameters a user notices: contacting a negative comment's author,
and who a parent in breach meets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.moderation import services
from schoolgate.moderation.tests.factories import held_comment

CONTACT_DUE = "The policy asks that the author of a negative comment is contacted"


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


def test_shire_asks_for_the_contact_while_the_comment_waits_and_once_it_is_hidden(
    personas, sign_in
):
    from schoolgate.policy.models import ParameterOverride

    # Where negative comments are hidden (rejected) rather than deleted, the
    # author is still owed the contact: while it waits, and once rejected.
    ParameterOverride.objects.create(
        school=personas.school, rule="moderation.negative_handling", param="delete",
        value=False, set_by=personas.head,
    )  # fmt: skip
    comment = held_comment(
        personas.school, personas.head, status="escalated", escalated_at=timezone.now()
    )
    client = sign_in(personas.head)
    url = reverse("moderation:comment", args=[comment.pk])
    assert client.get(url).content.decode().count(CONTACT_DUE) == 1
    services.comment_reject(comment=comment, actor=personas.head, reason="Rude")
    assert client.get(url).content.decode().count(CONTACT_DUE) == 1
    # An ordinary comment waiting for approval owes nobody a call.
    plain = held_comment(personas.school, personas.head)
    assert (
        CONTACT_DUE
        not in client.get(reverse("moderation:comment", args=[plain.pk])).content.decode()
    )


def test_one_contact_answers_for_the_same_words_on_every_platform(personas, sign_in):
    first = held_comment(personas.school, personas.head, status="escalated", echo_key="k1")
    echo = held_comment(personas.school, personas.head, status="escalated", echo_key="k1")
    services.contact_log_add(
        comment=first, actor=personas.head, how="email", contacted_at=timezone.now(),
        outcome="Replied.",
    )  # fmt: skip
    page = sign_in(personas.head).get(reverse("moderation:comment", args=[echo.pk]))
    assert CONTACT_DUE not in page.content.decode()


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


# moderation.negative_handling:delete (shire "Facebook and Twitter": deleted).
DELETE_BUTTON = "Delete (kept as evidence)</a>"


def test_shire_deletes_a_negative_comment_and_offers_deleting_first(personas, sign_in):
    comment = held_comment(personas.school, personas.head, status="escalated")
    page = sign_in(personas.head).get(reverse("moderation:comment", args=[comment.pk]))
    assert f'class="button" href="{reverse("moderation:delete", args=[comment.pk])}"' in (
        page.content.decode()
    )
    assert _deleted(personas).status == "deleted"


def test_where_negative_comments_are_hidden_the_head_rejects_and_cannot_delete(personas, sign_in):
    from schoolgate.core.exceptions import ActionDenied
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=personas.school,
        rule="moderation.negative_handling",
        param="delete",
        value=False,
        set_by=personas.head,
    )
    comment = held_comment(personas.school, personas.head, status="escalated")
    client = sign_in(personas.head)
    page = client.get(reverse("moderation:comment", args=[comment.pk])).content.decode()
    assert DELETE_BUTTON not in page
    assert '<button class="button" name="verdict" value="reject">Reject</button>' in page
    # The delete page is reached only through the permission layer: not there.
    assert client.get(reverse("moderation:delete", args=[comment.pk])).status_code == 404
    with pytest.raises(ActionDenied, match="hides a negative comment rather than deleting it"):
        services.comment_delete(comment=comment, actor=personas.head, reason="Abuse")
    rejected = services.comment_reject(comment=comment, actor=personas.head, reason="Abuse")
    assert rejected.status == "rejected"


def test_the_queue_says_where_an_unflagged_comment_stays_visible_while_it_waits(personas, sign_in):
    from schoolgate.policy.models import ParameterOverride

    client = sign_in(personas.head)
    # shire holds every comment on the blog only (moderation.hold_all:channels).
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "Nothing appears on the school blog until someone approves it; on" in page
    assert "Facebook Page and X (Twitter) only comments triage flags are hidden" in page
    ParameterOverride.objects.create(
        school=personas.school,
        rule="moderation.hold_all",
        param="channels",
        value=["blog", "facebook", "x", "bluesky", "mastodon", "instagram", "youtube"],
        set_by=personas.head,
    )
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "Nothing appears under a post until someone approves it." in page
    assert "only comments triage flags are hidden" not in page
