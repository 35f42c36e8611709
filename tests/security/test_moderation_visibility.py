"""Moderation visibility: a teacher never reads a complaint meant for the head.

Issue 17 item 11: under shire, class teachers moderate, and could read
escalated complaints about colleagues and the head, and a deleted abusive
comment about themselves. Escalated (and deleted) comments, and comments
naming the moderator, are visible only to the profile's
`moderation.escalate_to` roles (shire: the head). Every way to reach a
comment goes through `selectors.visible_comments`: the queue and its counts,
the comment's page and every action on it (answering 404, as for a comment
that does not exist), bulk and keyboard actions, and the links in emails.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import signed_in
from schoolgate.moderation import notifications, services
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import make_comment, published_post
from schoolgate.people.models import StaffMember
from schoolgate.people.tests.factories import ParentFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

ABOUT_THE_HEAD = "Mr Gorseway is useless and unfair to my son. Disgraceful, I'm furious."
ABOUT_THE_TEACHER = "Mrs Patel was so kind on the trip, please pass on our thanks."
ABOUT_THE_TEACHER_ABUSIVE = "Mrs Patel is a useless disgrace and should be sacked, pathetic."
ORDINARY = "Lovely assembly, well done everyone!"


@pytest.fixture
def world(personas):
    school = personas.school
    StaffMember.objects.create(
        school=school,
        mis_id="S1",
        title="Mr",
        first_name="Owen",
        surname="Gorseway",
        formal_name="Mr Gorseway",
        user=personas.head,
    )
    StaffMember.objects.create(
        school=school,
        mis_id="S2",
        title="Mrs",
        first_name="Anita",
        surname="Patel",
        formal_name="Mrs Patel",
        user=personas.teacher,
    )
    # A father who shares the head's title and surname.
    ParentFactory(school=school, title="Mr", first_name="Dave", surname="Gorseway")
    colleague = UserFactory(email="colleague@larkspur.test", first_name="Colleague")
    RoleFactory(user=colleague, school=school, role="teacher")
    post = published_post(school, personas.teacher)
    about_head = make_comment(post, ABOUT_THE_HEAD)
    named = make_comment(post, ABOUT_THE_TEACHER)
    deleted = make_comment(post, ABOUT_THE_TEACHER_ABUSIVE)
    services.comment_delete(comment=deleted, actor=personas.head, reason="Abuse of staff")
    ordinary = make_comment(post, ORDINARY)
    cache.clear()  # the rate limit of the form is not what this is about
    return {
        "about_head": about_head,
        "named": named,
        "deleted": deleted,
        "ordinary": ordinary,
        "colleague": colleague,
    }


def _queue_ids(client, **params) -> set[int]:
    response = client.get(reverse("moderation:queue"), params)
    assert response.status_code == 200
    return {c.pk for c in response.context["page"].object_list}


def test_triage_escalated_the_complaint_and_named_the_teacher(world, personas):
    assert world["about_head"].status == Comment.Status.ESCALATED
    assert world["named"].status == Comment.Status.HELD
    # The head's surname is a member of staff's, not "a parent is named".
    kinds = {f["kind"] for f in world["about_head"].findings}
    assert "staff_name" in kinds and "parent_name" not in kinds


def test_the_teacher_lists_none_of_them_in_any_status(client, world, personas):
    signed_in(client, personas.teacher)
    seen = set()
    for status in ("waiting", "held", "escalated", "deleted", "approved", "rejected"):
        seen |= _queue_ids(client, status=status)
    assert seen == {world["ordinary"].pk}
    response = client.get(reverse("moderation:queue"))
    assert response.context["summary"]["count"] == 1
    assert response.context["summary"]["escalated"] == 0
    assert ABOUT_THE_HEAD.encode() not in response.content


def test_a_colleague_sees_the_comment_naming_the_teacher_but_not_the_escalated(
    client, world, personas
):
    signed_in(client, world["colleague"])
    assert _queue_ids(client) == {world["named"].pk, world["ordinary"].pk}
    assert client.get(reverse("moderation:comment", args=[world["named"].pk])).status_code == 200


@pytest.mark.parametrize("which", ["about_head", "named", "deleted"])
def test_the_teacher_cannot_open_or_act_on_it(client, world, personas, which):
    comment = world[which]
    comment.refresh_from_db()
    status = comment.status
    signed_in(client, personas.teacher)

    assert client.get(reverse("moderation:comment", args=[comment.pk])).status_code == 404
    for verdict in ("claim", "approve", "reject", "escalate"):
        response = client.post(reverse("moderation:act", args=[comment.pk]), {"verdict": verdict})
        assert response.status_code == 404
    note = client.post(reverse("moderation:note", args=[comment.pk]), {"text": "seen"})
    assert note.status_code == 404
    client.post(reverse("moderation:bulk"), {"verdict": "approve", "ids": [comment.pk]})
    token = notifications.one_click_token(comment, personas.teacher, "approve")
    link = reverse("moderation:one_click", args=[token])
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404

    comment.refresh_from_db()
    assert comment.status == status
    assert comment.claimed_by is None
    assert not comment.notes.exists()


def test_the_services_refuse_the_teacher_too(world, personas):
    done, problems = services.bulk_decide(
        comments=[world["named"]], verdict="approve", actor=personas.teacher
    )
    assert done == 0 and problems
    world["named"].refresh_from_db()
    assert world["named"].status == Comment.Status.HELD


def test_the_head_sees_opens_and_decides_them(client, world, personas):
    signed_in(client, personas.head)
    assert world["about_head"].pk in _queue_ids(client, status="escalated")
    assert world["deleted"].pk in _queue_ids(client, status="deleted")
    assert world["named"].pk in _queue_ids(client, status="held")
    for which in ("about_head", "named", "deleted"):
        page = client.get(reverse("moderation:comment", args=[world[which].pk]))
        assert page.status_code == 200
    client.post(reverse("moderation:act", args=[world["named"].pk]), {"verdict": "approve"})
    world["named"].refresh_from_db()
    assert world["named"].status == Comment.Status.APPROVED


def test_nobody_is_emailed_a_comment_that_names_them(world, personas):
    told = notifications.recipients(world["named"])
    assert personas.teacher not in told
    assert world["colleague"] in told
