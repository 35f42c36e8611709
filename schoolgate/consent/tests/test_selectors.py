"""The answers other apps get: refusal wins, expiry, withdrawal, the lists."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolgate.consent import selectors
from schoolgate.consent.models import Answer, Method
from schoolgate.consent.policy import photo_terms
from schoolgate.consent.selectors import State, photo_consent
from schoolgate.consent.services import GivenAnswer, consent_record, consent_withdraw
from schoolgate.consent.tests.conftest import SEPT_3, make_family
from schoolgate.consent.tests.factories import PhotoConsentFactory, StaffPhotoPermissionFactory
from schoolgate.people.models import Pupil
from schoolgate.people.tests.factories import PupilFactory, StaffFactory, UserFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.selectors import forget_school_policy

pytestmark = pytest.mark.django_db


def give(
    pupil, parent=None, *, uses=("blog", "social", "press", "website"), on=SEPT_3, answer="given"
):  # type: ignore[no-untyped-def]
    given = GivenAnswer(uses=uses, answer=answer, parent=parent, method=Method.PAPER, given_on=on)
    return consent_record(pupil=pupil, given=given, actor=None)


def test_it_allows_a_use_one_parent_consented_to(family):
    give(family.pupil, family.mother, uses=["blog"])
    answer = photo_consent(family.pupil, "blog", on=dt.date(2025, 10, 1))
    assert answer.allowed is True
    assert answer.state == State.GIVEN
    assert answer.expires_on is None
    assert answer.source == 'shire "Safeguarding the children"'
    assert "3 September 2025" in answer.reason


def test_a_refusal_wins_when_two_parents_disagree(family):
    give(family.pupil, family.mother, uses=["social"])
    give(
        family.pupil, family.father, uses=["social"], answer=Answer.REFUSED, on=dt.date(2025, 9, 1)
    )
    answer = photo_consent(family.pupil, "social", on=dt.date(2025, 10, 1))
    assert answer.allowed is False
    assert answer.state == State.REFUSED
    assert "refusal stands" in answer.reason
    assert len(answer.evidence) == 2


def test_the_latest_answer_counts_where_the_policy_lets_a_refusal_be_outvoted(family):
    ParameterOverride.objects.create(
        school=family.pupil.school,
        rule="consent.photo",
        param="refusal_wins",
        value=False,
        reason="test",
        set_by=UserFactory(),
    )
    forget_school_policy(family.pupil.school)
    give(
        family.pupil, family.father, uses=["social"], answer=Answer.REFUSED, on=dt.date(2025, 9, 1)
    )
    give(family.pupil, family.mother, uses=["social"])
    assert photo_consent(family.pupil, "social", on=dt.date(2025, 10, 1)).allowed is True


def test_consent_lapses_after_a_year_at_brize_but_not_at_shire(shire, brize):
    at_shire, at_brize = make_family(shire).pupil, make_family(brize).pupil
    give(at_shire, uses=["blog"])
    give(at_brize, uses=["blog"])
    day_before, anniversary = dt.date(2026, 9, 2), dt.date(2026, 9, 3)

    still = photo_consent(at_brize, "blog", on=day_before)
    assert (still.allowed, still.expires_on, still.renewal_due) == (True, anniversary, True)
    lapsed = photo_consent(at_brize, "blog", on=anniversary)
    assert (lapsed.allowed, lapsed.state) == (False, State.EXPIRED)
    assert lapsed.source == 'brize "Privacy and Safeguarding"'

    forever = photo_consent(at_shire, "blog", on=dt.date(2030, 1, 1))
    assert (forever.allowed, forever.expires_on) == (True, None)


def test_a_withdrawal_supersedes_the_consent_and_keeps_it_in_history(family):
    give(family.pupil, family.mother, uses=["blog"])
    consent_withdraw(
        pupil=family.pupil, uses=["blog"], parent=family.mother, method=Method.EMAIL, actor=None
    )
    answer = photo_consent(family.pupil, "blog")
    assert (answer.allowed, answer.state) == (False, State.WITHDRAWN)
    history = selectors.consent_history(family.pupil)
    assert [c.answer for c in history] == [Answer.WITHDRAWN, Answer.GIVEN]
    assert history[0].superseded_at is None
    assert history[1].superseded_at is not None


def test_a_new_consent_after_a_withdrawal_restores_it(family):
    give(family.pupil, family.mother, uses=["blog"], on=dt.date(2025, 9, 1))
    consent_withdraw(
        pupil=family.pupil,
        uses=["blog"],
        parent=family.mother,
        method=Method.EMAIL,
        given_on=dt.date(2025, 9, 2),
        actor=None,
    )
    give(family.pupil, family.mother, uses=["blog"], on=dt.date(2025, 9, 3))
    assert photo_consent(family.pupil, "blog").allowed is True


def test_a_pupil_with_no_answer_or_who_has_left_has_no_consent(shire):
    nobody = PupilFactory(school=shire)
    assert photo_consent(nobody, "blog").state == State.NONE
    leaver = PupilFactory(school=shire, status=Pupil.Status.FORMER)
    PhotoConsentFactory(pupil=leaver, use="blog")
    answer = photo_consent(leaver, "blog")
    assert (answer.allowed, answer.state) == (False, State.LEFT)


def test_a_use_the_school_does_not_ask_about_is_never_allowed(family):
    answer = photo_consent(family.pupil, "billboards")
    assert (answer.allowed, answer.state) == (False, State.NOT_ASKED)


def test_pupils_without_consent_lists_those_refused_or_unanswered(shire):
    yes, no, silent = (make_family(shire, name) for name in ("Ava", "Ben", "Cal"))
    give(yes.pupil, yes.mother)
    give(no.pupil, no.mother, answer=Answer.REFUSED)
    names = {p.first_name for p in selectors.pupils_without_consent(shire, "blog")}
    assert names == {"Ben", "Cal"}


def test_renewals_due_lists_lapsed_and_soon_to_lapse_consent_at_brize_only(shire, brize):
    lapsed, soon, later = (make_family(brize, n) for n in ("Ava", "Ben", "Cal"))
    give(lapsed.pupil, on=dt.date(2024, 9, 1))
    give(soon.pupil, on=dt.date(2024, 10, 20))
    give(later.pupil, on=dt.date(2025, 6, 1))
    give(make_family(shire).pupil, on=dt.date(2020, 1, 1))
    renewals = selectors.renewals_due(brize, 30, on=dt.date(2025, 10, 1))
    assert [(r.pupil.first_name, r.lapsed) for r in renewals] == [("Ava", True), ("Ben", False)]
    assert renewals[1].expires_on == dt.date(2025, 10, 20)
    assert selectors.renewals_due(shire, 365, on=dt.date(2025, 10, 1)) == []


def test_the_do_not_post_list_holds_exactly_the_pupils_without_full_consent(brize):
    full = make_family(brize, "Ava", "Oak")
    partly = make_family(brize, "Ben", "Oak")
    make_family(brize, "Cal", "Ash")  # no answer at all
    lapsed = make_family(brize, "Dot", "Ash")
    left = make_family(brize, "Eve", "Ash")
    Pupil.objects.filter(pk=left.pupil.pk).update(status=Pupil.Status.FORMER)
    give(full.pupil, full.mother, on=dt.date(2025, 9, 1))
    give(partly.pupil, partly.mother, on=dt.date(2025, 9, 1))
    give(
        partly.pupil,
        partly.father,
        uses=["social", "press"],
        answer=Answer.REFUSED,
        on=dt.date(2025, 9, 1),
    )
    give(lapsed.pupil, lapsed.mother, on=dt.date(2024, 9, 1))
    rows = selectors.do_not_post(brize, on=dt.date(2025, 10, 1))
    assert [(r.class_name, r.name, r.uses, r.nothing_allowed) for r in rows] == [
        ("Ash", "Cal", ("blog", "social", "press", "website"), True),
        ("Ash", "Dot", ("blog", "social", "press", "website"), True),
        ("Oak", "Ben", ("social", "press"), False),
    ]


def test_the_do_not_post_list_tells_apart_two_children_of_one_name_by_initial(shire):
    first = make_family(shire, "Ava", "Oak").pupil
    second = make_family(shire, "Ava", "Oak").pupil
    Pupil.objects.filter(pk=first.pk).update(surname="Marchbank")
    Pupil.objects.filter(pk=second.pk).update(surname="Nowak")
    names = sorted(r.name for r in selectors.do_not_post(shire))
    assert names == ["Ava M.", "Ava N."]


def test_consent_answers_for_a_whole_class_take_two_queries(shire, django_assert_max_num_queries):
    pupils = [make_family(shire, f"P{i}").pupil for i in range(20)]
    for pupil in pupils:
        PhotoConsentFactory(pupil=pupil)
    shire.refresh_from_db()
    with django_assert_max_num_queries(2):
        answers = selectors.consent_answers(shire, pupils)
    assert all(answers[p.pk]["blog"].allowed for p in pupils)


def test_a_colleague_needs_their_own_permission(shire):
    staff = StaffFactory(school=shire)
    assert selectors.staff_photo_permission(staff).allowed is False
    StaffPhotoPermissionFactory(staff=staff)
    answer = selectors.staff_photo_permission(staff)
    assert (answer.allowed, answer.rule) == (True, "consent.colleagues")
    staff.is_current = False
    assert selectors.staff_photo_permission(staff).state == State.LEFT


def test_add_months_keeps_to_the_end_of_a_short_month():
    assert selectors.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert selectors.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert selectors.add_months(dt.date(2025, 9, 3), 12) == dt.date(2026, 9, 3)


# The database's states (register filters, do-not-post, pupils without
# consent) must say what `decide` says, pupil by pupil, on every history.
HISTORIES = [
    [],
    [("mother", "given", dt.date(2025, 9, 3))],
    [("mother", "refused", dt.date(2025, 9, 3))],
    [("mother", "given", dt.date(2025, 9, 3)), ("father", "refused", dt.date(2025, 9, 1))],
    [("father", "refused", dt.date(2025, 9, 1)), ("mother", "given", dt.date(2025, 9, 3))],
    [("mother", "given", dt.date(2024, 9, 3))],  # a year old: lapsed where consent lapses
    [("mother", "given", dt.date(2024, 9, 3)), ("father", "given", dt.date(2025, 9, 3))],
    [("mother", "given", dt.date(2025, 9, 1)), ("mother", "withdrawn", dt.date(2025, 9, 5))],
    [("mother", "withdrawn", dt.date(2024, 1, 5)), ("father", "given", dt.date(2025, 9, 5))],
]


@pytest.mark.parametrize("profile", ["shire", "brize"])
@pytest.mark.parametrize("refusal_wins", [True, False])
def test_the_database_states_agree_with_each_pupils_decision(profile, refusal_wins):
    from schoolgate.people.tests.factories import SchoolFactory

    school = SchoolFactory(profile=profile)
    ParameterOverride.objects.create(
        school=school,
        rule="consent.photo",
        param="refusal_wins",
        value=refusal_wins,
        reason="test",
        set_by=UserFactory(),
    )
    forget_school_policy(school)
    day = dt.date(2025, 10, 1)
    for number, history in enumerate(HISTORIES):
        family = make_family(school, first_name=f"Pupil{number}")
        for who, answer, on in history:
            give(family.pupil, getattr(family, who), uses=["blog"], answer=answer, on=on)
    terms = photo_terms(school)
    pupils = Pupil.objects.filter(school=school)
    states = {p.pk: p.state_blog for p in selectors.consent_states(pupils, terms, day)}
    decided = {
        pk: answers["blog"].state
        for pk, answers in selectors.consent_answers(school, list(pupils), on=day).items()
    }
    assert states == decided
    assert len(set(decided.values())) >= 4  # the histories reach most states
    refused = {p.pk for p in selectors.pupils_without_consent(school, "blog", on=day)}
    assert refused == {pk for pk, state in decided.items() if state != State.GIVEN}
    on_the_sheet = {r.name: set(r.uses) for r in selectors.do_not_post(school, on=day)}
    every_use = selectors.consent_answers(school, list(pupils), on=day)
    expected = {
        Pupil.objects.get(pk=pk).first_name: {u for u, a in answers.items() if not a.allowed}
        for pk, answers in every_use.items()
    }
    assert on_the_sheet == {name: uses for name, uses in expected.items() if uses}
