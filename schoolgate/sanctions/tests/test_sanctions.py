"""Sanctions: dates decide what is in force; the profile decides who imposes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.selectors import active_sanctions, commenter_blocked, is_banned
from schoolgate.sanctions.services import sanction_create, sanction_lift
from schoolgate.sanctions.tests.factories import PhoneBanFactory

BAN = Sanction.Kind.PUPIL_PHONE_BAN
TODAY = dt.date(2025, 3, 10)


def test_a_ban_lapses_by_itself_after_its_last_day(personas):
    ban = PhoneBanFactory(
        school=personas.school, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=4)
    )
    assert is_banned(ban.pupil, BAN, on=TODAY - dt.timedelta(days=1)) is False
    assert is_banned(ban.pupil, BAN, on=TODAY + dt.timedelta(days=4)) is True
    assert is_banned(ban.pupil, BAN, on=TODAY + dt.timedelta(days=5)) is False
    assert ban.state_on(TODAY + dt.timedelta(days=5)) == Sanction.State.EXPIRED


def test_a_ban_with_no_end_runs_until_lifted_and_lifting_keeps_the_record(personas):
    ban = PhoneBanFactory(school=personas.school, decided_by=personas.head)
    assert is_banned(ban.pupil, BAN) is True
    sanction_lift(sanction=ban, reason="Handed in every day since.", actor=personas.head)
    assert is_banned(ban.pupil, BAN) is False
    assert Sanction.objects.filter(pk=ban.pk, lifted_by=personas.head).exists()
    assert AuditEntry.objects.filter(event="sanctions.lifted", subject_id=str(ban.pk)).exists()


def test_only_the_roles_the_profile_names_may_impose_a_phone_ban(personas):
    pupil = PupilFactory(school=personas.school)
    with pytest.raises(ActionDenied):
        sanction_create(
            school=personas.school,
            kind=BAN,
            pupil=pupil,
            starts_on=timezone.localdate(),
            reason="Phone kept in a bag.",
            actor=personas.deputy,
        )
    sanction_create(
        school=personas.school,
        kind=BAN,
        pupil=pupil,
        starts_on=timezone.localdate(),
        reason="Phone kept in a bag.",
        actor=personas.head,
    )
    assert is_banned(pupil, BAN) is True
    assert AuditEntry.objects.filter(event="sanctions.created").count() == 1


def test_a_commenter_block_takes_the_policys_length_and_ignores_case(personas):
    start = timezone.localdate()
    block = sanction_create(
        school=personas.school,
        kind=Sanction.Kind.COMMENTER_BLOCK,
        email="Troll@Example.test",
        starts_on=start,
        reason="Abusive comments about staff.",
        actor=personas.head,
    )
    assert block.ends_on == start + dt.timedelta(days=89)  # shire: the 90-day default
    assert commenter_blocked(personas.school, "troll@example.TEST") is True
    assert commenter_blocked(personas.other_school, "troll@example.test") is False
    assert (
        commenter_blocked(
            personas.school, "troll@example.test", on=block.ends_on + dt.timedelta(days=1)
        )
        is False
    )


def test_a_kind_the_profile_leaves_out_cannot_be_imposed(personas):
    parent_pupil = PupilFactory(school=personas.school)
    from schoolgate.people.tests.factories import ParentFactory

    parent = ParentFactory(school=personas.school)
    with pytest.raises(ApplicationError, match="does not provide"):
        sanction_create(
            school=personas.school,
            kind=Sanction.Kind.PARENT_INTERACTION,  # off in shire
            parent=parent,
            starts_on=timezone.localdate(),
            reason="x",
            actor=personas.head,
        )
    assert parent_pupil.sanctions.count() == 0


def test_the_office_sees_phone_bans_but_not_commenter_blocks(
    personas, sign_in, django_assert_max_num_queries
):
    PhoneBanFactory(school=personas.school, pupil__first_name="Zebedee")
    Sanction.objects.create(
        school=personas.school,
        kind=Sanction.Kind.COMMENTER_BLOCK,
        email="hidden@example.test",
        starts_on=timezone.localdate(),
        reason="Abuse.",
        decided_by=personas.head,
    )
    client = sign_in(personas.office)
    # 13 with the menu asking whether the office holds a blog account (shire moderators).
    with django_assert_max_num_queries(13):
        page = client.get(reverse("sanctions:list")).content.decode()
    assert "Zebedee" in page
    assert "hidden@example.test" not in page
    assert list(
        active_sanctions(personas.school).order_by("kind").values_list("kind", flat=True)
    ) == [
        "commenter_block",
        "pupil_phone_ban",
    ]


# --- Enforcement hooks --------------------------------------------------------


def _lost_interaction(personas, **parent):  # type: ignore[no-untyped-def]
    from schoolgate.people.tests.factories import ParentFactory

    mother = ParentFactory(school=personas.school, **parent)
    Sanction.objects.create(
        school=personas.school,
        kind=Sanction.Kind.PARENT_INTERACTION,
        parent=mother,
        starts_on=timezone.localdate(),
        reason="Abusive messages to staff.",
        decided_by=personas.head,
    )
    return mother


def test_a_parent_who_lost_interaction_is_refused_interactive_actions(personas):
    from schoolgate.core.permissions import ACTIONS, decide, register

    register(
        "test.parent_reply",
        "Reply to the school",
        roles={"parent"},
        preconditions=("sanctions.may_interact",),
    )
    try:
        _lost_interaction(personas, user=personas.parent)
        decision = decide(personas.parent, "test.parent_reply", personas.school)
        assert decision.allowed is False
        [finding] = decision.findings
        assert "contact the school office" in finding.reason
        assert "Abusive" not in finding.reason  # the school's reason stays private
    finally:
        del ACTIONS["test.parent_reply"]


def test_the_comment_check_refuses_a_blocked_or_sanctioned_email(personas):
    from schoolgate.sanctions.selectors import interaction_refusal

    _lost_interaction(personas, email="mum@example.test")
    refused = interaction_refusal(personas.school, email="Mum@Example.test ")
    assert refused is not None and refused.rule == "sanctions.parent_interaction"
    assert interaction_refusal(personas.school, email="dad@example.test") is None
    Sanction.objects.create(
        school=personas.school,
        kind=Sanction.Kind.COMMENTER_BLOCK,
        email="troll@example.test",
        starts_on=timezone.localdate(),
        reason="Threats.",
        decided_by=personas.head,
    )
    blocked = interaction_refusal(personas.school, email="troll@example.test")
    assert blocked is not None and blocked.rule == "sanctions.commenter_block"


def test_a_parent_who_lost_interaction_cannot_comment_on_the_blog(personas):
    from django.core.cache import cache

    pytest.importorskip("schoolgate.moderation.tests.factories")
    from schoolgate.moderation.services import CommentRefused
    from schoolgate.moderation.tests.factories import make_comment, published_post

    cache.clear()
    post = published_post(personas.school, personas.head)
    make_comment(post, email="dad@example.test")  # anyone else still may
    _lost_interaction(personas, email="mum@example.test")
    with pytest.raises(CommentRefused):
        make_comment(post, email="mum@example.test")
