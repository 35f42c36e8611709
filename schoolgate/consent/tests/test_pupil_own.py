"""A pupil old enough answers for their own photo where the policy says so
(consent.pupil_own; whmat 6.10 "pupil or parental")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.consent.selectors import photo_consent
from schoolgate.consent.services import GivenAnswer, consent_record
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import PupilFactory, SchoolFactory

TODAY = timezone.localdate()


def _pupil(profile: str, age: int):  # type: ignore[no-untyped-def]
    born = TODAY.replace(year=TODAY.year - age) - dt.timedelta(days=30)
    school = SchoolFactory(profile=profile)
    return PupilFactory(school=school, first_name="Maya", date_of_birth=born, year_group="Year 9")


def _record(pupil, actor, **kwargs):  # type: ignore[no-untyped-def]
    given = GivenAnswer(
        uses=["blog"], answer=kwargs.pop("answer", "given"), parent=None,
        method="paper", given_on=TODAY, by_pupil=True, **kwargs,
    )  # fmt: skip
    return consent_record(pupil=pupil, given=given, actor=actor)


def test_a_pupil_of_thirteen_gives_their_own_consent_and_the_reason_says_so(db):
    pupil = _pupil("whmat", 14)
    _record(pupil, None)
    decision = photo_consent(pupil, "blog")
    assert decision.allowed
    assert decision.reason.startswith("The pupil, being 13 or over, gave their own consent")
    assert "whmat 6.10" in decision.reason


def test_a_pupils_own_refusal_stands_like_a_parents(db):
    pupil = _pupil("whmat", 15)
    _record(pupil, None, answer="refused")
    decision = photo_consent(pupil, "blog")
    assert not decision.allowed
    assert decision.reason.startswith("The pupil, answering for themselves, refused")


def test_a_younger_pupil_cannot_answer_for_themselves(db):
    pupil = _pupil("whmat", 11)
    with pytest.raises(ApplicationError, match="under 13 then, so a parent answers"):
        _record(pupil, None)


def test_where_the_policy_asks_parents_a_pupil_cannot_answer(db):
    pupil = _pupil("brize", 14)
    with pytest.raises(ApplicationError, match="asks parents, not pupils"):
        _record(pupil, None)


def test_the_office_form_offers_the_pupils_own_answer_only_where_it_counts(personas, sign_in):
    from schoolgate.people.tests.factories import RoleFactory

    older = _pupil("whmat", 14)
    younger = PupilFactory(school=older.school, date_of_birth=TODAY.replace(year=TODAY.year - 9))
    RoleFactory(user=personas.office, school=older.school, role="office")
    client = sign_in(personas.office)
    page = client.get(reverse("consent:pupil", kwargs={"pk": older.pk}))
    assert "The pupil&#x27;s own answer" in page.text
    page = client.get(reverse("consent:pupil", kwargs={"pk": younger.pk}))
    assert "The pupil&#x27;s own answer" not in page.text
