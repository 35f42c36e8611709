"""The database's count of lapsing consent agrees with the per-pupil decision.

The dashboard and the compliance pages count renewals in the database
(`expiring_counts`); the register decides each pupil in Python (`decide`).
On varied answers (refusals, two parents, lapsed, lapsing, month ends,
superseded answers, pupils who left, both ways of settling disagreement)
both must give the same numbers.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from schoolgate.consent import selectors
from schoolgate.consent.models import Answer, PhotoConsent, Use
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.models import Pupil
from schoolgate.people.tests.factories import ParentFactory, PupilFactory, SchoolFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.selectors import forget_school_policy

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 10, 1)
# Answer dates around the 12-month lapse of Brize's policy, month ends included.
DAYS = [
    dt.date(2024, 8, 31),
    dt.date(2024, 9, 30),
    dt.date(2024, 10, 1),
    dt.date(2024, 10, 2),
    dt.date(2024, 10, 20),
    dt.date(2024, 10, 31),
    dt.date(2024, 11, 1),
    dt.date(2024, 11, 30),
    dt.date(2025, 2, 28),
    dt.date(2025, 6, 1),
]


def _per_pupil(school, within_days: int, on: dt.date) -> int:  # type: ignore[no-untyped-def]
    """Count as the register decides: pupil by pupil, use by use."""
    horizon = on + dt.timedelta(days=within_days)
    pupils = list(Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT))
    answers = selectors.consent_answers(school, pupils, on=on)
    return sum(
        any(a.expires_on and a.expires_on <= horizon for a in by_use.values())
        for by_use in answers.values()
    )


def _grow(school, rng: random.Random, pupils: int = 30) -> None:  # type: ignore[no-untyped-def]
    for _ in range(pupils):
        pupil = PupilFactory(school=school, status=rng.choice(["current"] * 5 + ["former"]))
        parents = [ParentFactory(school=school) for _ in range(rng.choice([0, 1, 2, 2]))]
        for use in rng.sample(Use.values, rng.randint(1, 4)):
            for parent in parents or [None]:
                if rng.random() < 0.3:  # an earlier answer, since superseded
                    PhotoConsentFactory(
                        pupil=pupil,
                        parent=parent,
                        use=use,
                        given_on=rng.choice(DAYS),
                        superseded_at=timezone.now(),
                    )
                PhotoConsentFactory(
                    pupil=pupil,
                    parent=parent,
                    use=use,
                    given_on=rng.choice(DAYS),
                    answer=rng.choice([Answer.GIVEN] * 4 + [Answer.REFUSED, Answer.WITHDRAWN]),
                )


def _override(school, param: str, value) -> None:  # type: ignore[no-untyped-def]
    from schoolgate.people.tests.factories import UserFactory

    ParameterOverride.objects.create(
        school=school,
        rule="consent.photo",
        param=param,
        value=value,
        reason="t",
        set_by=UserFactory(),
    )
    forget_school_policy(school)


@pytest.fixture
def schools():  # type: ignore[no-untyped-def]
    rng = random.Random(18)
    refusal_wins = SchoolFactory(profile="brize")
    latest_wins = SchoolFactory(profile="brize")
    _override(latest_wins, "refusal_wins", False)
    fewer_uses = SchoolFactory(profile="brize")
    _override(fewer_uses, "uses", ["blog", "press"])
    monthly = SchoolFactory(profile="brize")
    _override(monthly, "expiry_months", 1)
    never = SchoolFactory(profile="shire")
    found = [refusal_wins, latest_wins, fewer_uses, monthly, never]
    for school in found:
        _grow(school, rng)
    return found


@pytest.mark.parametrize("within_days", [0, 30, 60, 400])
@pytest.mark.parametrize("on", [ON, dt.date(2025, 10, 31), dt.date(2025, 3, 31)])
def test_the_database_counts_what_the_per_pupil_decision_counts(schools, within_days, on):
    counted = selectors.expiring_counts(schools, within_days, on=on)
    expected = {s.pk: _per_pupil(s, within_days, on) for s in schools}
    assert counted == expected
    assert sum(expected.values()) > 0  # the data exercises the count


def test_renewals_due_lists_the_pupils_the_per_pupil_decision_finds(schools):
    for school in schools:
        listed = selectors.renewals_due(school, 30, on=ON)
        assert len(listed) == _per_pupil(school, 30, ON)


def test_a_school_whose_consent_never_lapses_costs_no_query(schools, django_assert_num_queries):  # type: ignore[no-untyped-def]
    never = schools[-1]
    selectors.expiring_counts([never], 30, on=ON)  # its policy read once
    with django_assert_num_queries(0):
        assert selectors.expiring_counts([never], 30, on=ON) == {never.pk: 0}


def test_many_schools_are_counted_in_one_query(schools, django_assert_num_queries):  # type: ignore[no-untyped-def]
    selectors.expiring_counts(schools, 30, on=ON)  # policies read once
    with django_assert_num_queries(1):
        selectors.expiring_counts(schools, 30, on=ON)


@pytest.mark.parametrize("on", [ON, dt.date(2025, 10, 31)])
def test_the_panels_two_counts_come_from_one_query(schools, on, django_assert_num_queries):  # type: ignore[no-untyped-def]
    for school in schools:
        expected = (
            selectors.expiring_counts([school], 30, on=on)[school.pk],
            selectors.expiring_counts([school], 0, on=on)[school.pk],
        )
        with django_assert_num_queries(0 if school is schools[-1] else 1):
            assert selectors.renewal_counts(school, 30, on=on) == expected
    assert any(selectors.renewal_counts(s, 30, on=on)[1] for s in schools)  # some lapsed


def test_a_refusal_from_either_parent_stops_the_count_where_refusal_wins(schools):
    school = schools[0]
    pupil = PupilFactory(school=school)
    mum, dad = ParentFactory(school=school), ParentFactory(school=school)
    before = selectors.expiring_counts([school], 30, on=ON)[school.pk]
    PhotoConsentFactory(pupil=pupil, parent=mum, use="blog", given_on=dt.date(2024, 10, 2))
    assert selectors.expiring_counts([school], 30, on=ON)[school.pk] == before + 1
    PhotoConsentFactory(
        pupil=pupil, parent=dad, use="blog", given_on=dt.date(2024, 9, 1), answer=Answer.REFUSED
    )
    assert selectors.expiring_counts([school], 30, on=ON)[school.pk] == before
    assert PhotoConsent.objects.filter(pupil=pupil).count() == 2
