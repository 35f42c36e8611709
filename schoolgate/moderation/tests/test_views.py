"""The pages: a parent comments, staff moderate, the head acts; the demo fills the queue."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in
from schoolgate.moderation.demo import demo_moderation_load
from schoolgate.moderation.models import Comment
from schoolgate.moderation.notifications import one_click_token
from schoolgate.moderation.tests.factories import make_comment, published_post
from schoolgate.people.models import StaffMember
from schoolgate.people.tests.factories import ParentFactory
from schoolgate.sanctions.models import Sanction

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


def _form_url(post):
    return reverse("moderation:comment_form", args=[post.school.slug, post.slug])


def _send(client, post, text="Lovely assembly!", **extra):
    data = {"name": "Sam", "email": "sam@example.org", "relationship": "parent", "text": text}
    return client.post(_form_url(post), {**data, **extra})


def test_a_comment_waits_then_shows_under_the_post_once_approved(
    client, post, personas, django_capture_on_commit_callbacks
):
    response = _send(client, post)
    assert b"once the school has approved it" in response.content
    page = reverse("blog:post", args=[post.school.slug, post.slug])
    assert b"Lovely assembly!" not in client.get(page).content
    comment = Comment.objects.get()
    signed_in(client, personas.teacher)
    with django_capture_on_commit_callbacks(execute=True):  # the blog's cache is renewed
        client.post(reverse("moderation:act", args=[comment.pk]), {"verdict": "approve"})
    client.logout()
    assert b"Lovely assembly!" in client.get(page).content


def test_a_decision_with_the_mouse_opens_the_queue_at_the_next_comment(client, post, personas):
    first, second, third = (make_comment(post, f"Lovely trip, day {n}!") for n in (1, 2, 3))
    signed_in(client, personas.teacher)
    queue = client.get(reverse("moderation:queue"), {"q": "trip"}).content.decode()
    # Each comment's buttons carry the queue's filters and the comment after it.
    form = queue[queue.index(f'action="{reverse("moderation:act", args=[second.pk])}"') :]
    assert '<input type="hidden" name="back" value="q=trip">' in form[:400]
    assert f'<input type="hidden" name="then" value="{third.pk}">' in form[:400]

    data = {"verdict": "approve", "back": "q=trip&evil=1", "then": str(third.pk)}
    response = client.post(reverse("moderation:act", args=[second.pk]), data)
    at = reverse("moderation:queue") + f"?q=trip&at={third.pk}#comment-{third.pk}"
    assert response.status_code == 302 and response["Location"] == at
    # The "Approved" message is at that comment, where the page opens.
    page = client.get(at).content.decode()
    item = page[page.index(f'id="comment-{third.pk}"') :]
    assert "Approved: it now shows under the post." in item[:600]
    assert page.count("Approved: it now shows under the post.") == 1
    assert f'id="comment-{first.pk}"' in page and f'id="comment-{second.pk}"' not in page


def test_the_last_comment_decided_opens_the_queue_at_the_one_before(client, post, personas):
    first, last = make_comment(post, "Great concert!"), make_comment(post, "Great play!")
    signed_in(client, personas.teacher)
    queue = client.get(reverse("moderation:queue")).content.decode()
    form = queue[queue.index(f'action="{reverse("moderation:act", args=[last.pk])}"') :]
    assert f'<input type="hidden" name="then" value="{first.pk}">' in form[:400]
    only = client.post(reverse("moderation:act", args=[first.pk]), {"verdict": "reject"})
    assert only["Location"] == reverse("moderation:queue")  # nothing after: the top


def test_the_honeypot_stores_nothing_and_thanks_nobody(client, post):
    response = _send(client, post, website="http://spam.example")
    assert response.status_code == 400
    assert b"has not been sent" in response.content
    assert b"Thank you" not in response.content
    assert b"Lovely assembly!" in response.content  # what was written comes back
    assert not Comment.objects.exists()


def test_a_blocked_commenter_is_told_politely(client, post, personas):
    Sanction.objects.create(
        school=personas.school,
        kind="commenter_block",
        email="sam@example.org",
        starts_on=post.published_at.date(),
        reason="Abuse",
        decided_by=personas.head,
    )
    response = _send(client, post)
    assert response.status_code == 403
    assert b"cannot comment" in response.content
    assert not Comment.objects.exists()


def _sanction(personas, kind, **subject):
    return Sanction.objects.create(
        school=personas.school,
        kind=kind,
        starts_on=timezone.localdate(),
        reason="Abuse",
        decided_by=personas.head,
        **subject,
    )


def _assert_refused_unseen(client, post, response):
    assert response.status_code == 403
    assert b"Sorry, you cannot comment on this school" in response.content
    assert not Comment.objects.exists()
    blog = client.get(reverse("blog:post", args=[post.school.slug, post.slug]))
    assert b"Lovely assembly!" not in blog.content


def test_a_signed_in_parent_who_lost_interaction_is_refused_whatever_email_they_type(
    client, post, personas
):
    mother = ParentFactory(school=personas.school, user=personas.parent, email="mum@home.test")
    _sanction(personas, Sanction.Kind.PARENT_INTERACTION, parent=mother)
    signed_in(client, personas.parent)
    _assert_refused_unseen(client, post, _send(client, post, email="someone.else@example.org"))


def test_a_blocked_commenter_signed_in_cannot_comment_under_another_address(
    client, post, personas
):
    _sanction(personas, Sanction.Kind.COMMENTER_BLOCK, email=personas.parent.email.upper())
    signed_in(client, personas.parent)
    _assert_refused_unseen(client, post, _send(client, post, email="fresh@example.org"))


def test_a_block_on_the_address_the_school_holds_refuses_the_signed_in_parent(
    client, post, personas
):
    ParentFactory(school=personas.school, user=personas.parent, email="mum@home.test")
    _sanction(personas, Sanction.Kind.COMMENTER_BLOCK, email="mum@home.test")
    signed_in(client, personas.parent)
    _assert_refused_unseen(client, post, _send(client, post, email="fresh@example.org"))


def test_a_signed_in_parent_in_good_standing_comments_as_their_own_parent_record(
    client, post, personas
):
    mother = ParentFactory(school=personas.school, user=personas.parent, email="mum@home.test")
    other = ParentFactory(school=personas.school, email="someone.else@example.org")
    _sanction(personas, Sanction.Kind.PARENT_INTERACTION, parent=other)
    _sanction(personas, Sanction.Kind.COMMENTER_BLOCK, email="blocked@example.org")
    signed_in(client, personas.parent)
    response = _send(client, post, email="mum@home.test")
    assert b"once the school has approved it" in response.content
    assert Comment.objects.get().parent == mother


def test_the_queue_puts_the_escalated_comment_first(client, post, personas):
    make_comment(post)
    make_comment(post, NEGATIVE)
    signed_in(client, personas.head)
    response = client.get(reverse("moderation:queue"))
    items = list(response.context["page"].object_list)
    assert items[0].status == Comment.Status.ESCALATED
    assert b"A member of staff is named: Mrs Patel" in response.content
    assert b"Keyboard shortcuts" in response.content


def test_a_teacher_cannot_open_or_approve_an_escalated_comment(client, post, personas):
    # Escalated comments are the head's alone (issue 17 item 11; more in
    # tests/security/test_moderation_visibility.py).
    comment = make_comment(post, NEGATIVE)
    signed_in(client, personas.teacher)
    assert client.get(reverse("moderation:comment", args=[comment.pk])).status_code == 404
    response = client.post(reverse("moderation:act", args=[comment.pk]), {"verdict": "approve"})
    assert response.status_code == 404
    assert Comment.objects.get().status == Comment.Status.ESCALATED


def test_the_head_blocks_from_the_comment(client, post, personas):
    comment = make_comment(post, NEGATIVE)
    signed_in(client, personas.head)
    page = client.get(reverse("moderation:comment", args=[comment.pk]))
    assert b"Open a safeguarding record" in page.content
    response = client.post(reverse("moderation:block", args=[comment.pk]), {"reason": "Abuse"})
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert sanction.email == "sam0@example.org"
    page = client.get(response.url).content.decode()
    assert "comments from sam0@example.org are refused until" in page


def test_bulk_approve_leaves_escalated_ones_to_the_head(client, post, personas):
    plain, negative = make_comment(post), make_comment(post, NEGATIVE)
    signed_in(client, personas.teacher)
    response = client.post(
        reverse("moderation:bulk"), {"verdict": "approve", "ids": [plain.pk, negative.pk]}
    )
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {plain.pk: "approved", negative.pk: "escalated"}
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("1 ticked comment was left out" in m for m in messages)


def test_a_one_click_link_works_only_for_its_person(client, post, personas):
    comment = make_comment(post)
    url = reverse(
        "moderation:one_click", args=[one_click_token(comment, personas.teacher, "approve")]
    )
    signed_in(client, personas.deputy)
    assert client.get(url).status_code == 404
    signed_in(client, personas.teacher)
    assert b"Approve this comment?" in client.get(url).content
    client.post(url)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_forged_one_click_link_is_refused(client, post, personas):
    signed_in(client, personas.teacher)
    assert client.get(reverse("moderation:one_click", args=["forged:token"])).status_code == 404


def test_not_a_problem_shows_in_the_label_statistics(client, post, personas):
    comment = make_comment(post, "When does the trip leave?")
    signed_in(client, personas.teacher)
    client.post(reverse("moderation:act", args=[comment.pk]), {"verdict": "not_a_problem"})
    response = client.get(reverse("moderation:stats"))
    row = next(s for s in response.context["stats"] if s.label == "question")
    assert (row.flagged, row.wrong) == (1, 1)


def test_the_dashboard_shows_the_oldest_waiting_comment(client, post, personas):
    make_comment(post)
    signed_in(client, personas.teacher)
    response = client.get(reverse("web:dashboard"))
    assert b"1 comment waiting" in response.content


def test_the_demo_fills_the_queue(post, personas):
    published_post(personas.school, personas.head, slug="earlier")
    assert demo_moderation_load(personas.school.trust) == 3
    statuses = sorted(Comment.objects.values_list("status", flat=True))
    assert statuses == ["escalated", "held", "held"]


def test_the_praise_page_is_refused_with_the_reason_where_the_profile_collects_none(
    personas, client
):
    signed_in(client, personas.head)  # shire: moderation.praise is off
    response = client.get(reverse("moderation:praise"))
    assert response.status_code == 403
    assert "does not collect praise" in response.content.decode()
    page = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:praise") not in page  # neither in the menu nor the queue


def test_the_praise_page_opens_once_the_school_switches_praise_on(personas, client):
    from schoolgate.policy.services import policy_override_set

    policy_override_set(
        school=personas.school,
        rule="moderation.praise",
        param="enabled",
        value=True,
        reason="The head wants to read the praise.",
        actor=personas.head,
    )
    signed_in(client, personas.head)
    assert client.get(reverse("moderation:praise")).status_code == 200
    assert reverse("moderation:praise") in client.get(reverse("moderation:queue")).content.decode()


def test_the_head_is_offered_the_safe_decision_first_and_one_secondary_approve(
    client, post, personas
):
    comment = make_comment(post, NEGATIVE)
    signed_in(client, personas.head)
    page = client.get(reverse("moderation:comment", args=[comment.pk])).content.decode()
    delete = reverse("moderation:delete", args=[comment.pk])
    decide = page[page.index("<h2>Decide</h2>") : page.index("The head's actions")]
    assert decide.index(f'<a class="button" href="{delete}">Delete (kept as evidence)</a>') < (
        decide.index('value="reject"')
    )
    assert decide.count('value="approve"') + decide.count('value="not_a_problem"') == 1
    assert (
        '<button class="button secondary" name="verdict" value="not_a_problem">'
        "Approve: not a problem</button>"
    ) in decide
    assert page.count(f'href="{delete}"') == 1


def test_a_plain_held_comment_keeps_approve_first(client, post, personas):
    comment = make_comment(post, "When does the trip leave?")
    Comment.objects.filter(pk=comment.pk).update(labels=[])
    signed_in(client, personas.teacher)
    page = client.get(reverse("moderation:comment", args=[comment.pk])).content.decode()
    assert '<button class="button" name="verdict" value="approve">Approve</button>' in page
    assert 'value="not_a_problem"' not in page


def test_labels_findings_and_scores_read_as_words_not_codes(client, post, personas):
    comment = make_comment(post, NEGATIVE)
    signed_in(client, personas.head)
    page = client.get(reverse("moderation:comment", args=[comment.pk])).content.decode()
    assert '<span class="tag">Names a member of staff</span>' in page
    assert '<span class="tag">Complaint about one person</span>' in page
    for code in ("individual_matter", "staff_name", "names.staff_name", "Scores:"):
        assert code not in page
    assert "Offensive language: likely (" in page
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert '<option value="staff_name">Names a member of staff</option>' in queue
    assert "names.staff_name" not in queue


def test_in_the_queue_the_heads_first_choice_on_an_escalated_comment_is_reject(
    client, post, personas
):
    make_comment(post, NEGATIVE)
    signed_in(client, personas.head)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert (
        '<button class="button" name="verdict" value="reject" data-key="r">Reject</button>\n'
        '        <button class="button secondary" name="verdict" value="approve" data-key="a">'
    ) in page
