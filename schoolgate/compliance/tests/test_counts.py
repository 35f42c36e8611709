"""The compliance counts of many schools at once agree with each school's own.

The trust's page and the dashboard count in the database for many schools
at a time (`compliance_table`); the sign-off and training pages list each
school's people (`signoff_register`, `staff_training`, `classes_overdue`).
On varied data both must give the same numbers, and the trust's page reads
as many queries for 20 schools as for 2.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schoolgate.compliance import panels, selectors
from schoolgate.compliance.models import SignOff, TrainingSession
from schoolgate.compliance.tests.factories import (
    PolicyVersionFactory,
    SignOffFactory,
    TrainingSessionFactory,
)
from schoolgate.people.tests.factories import PupilFactory, RoleFactory, SchoolFactory

pytestmark = pytest.mark.django_db

# Between them: consent that lapses (brize), termly class and parents'
# sessions (stpeters), and neither (shire).
PROFILES = ["brize", "stpeters", "shire", "whmat", "jessons"]
STAFF = ["teacher", "head", "office", "support", "governor", "parent"]


def _per_school(school) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Count as the sign-off and training pages do, one school at a time."""
    version = selectors.current_version(school)
    due = selectors.review_due_on(school, version)
    return {
        "unsigned": selectors.unsigned_count(school),
        "review": int(due is not None and due < timezone.localdate()),
        "changed": int(selectors.policy_changed_since(school, version)),
        "training": sum(1 for row in selectors.staff_training(school) if row.overdue)
        + len(selectors.classes_overdue(school))
        + int(selectors.parents_session_overdue(school)),
    }


def _in_bulk(schools) -> dict[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    unsigned = selectors.unsigned_counts(schools)
    training = selectors.training_overdue_counts(schools)
    review = panels._overdue_reviews(schools)
    changed = panels._unpublished(schools)
    return {
        s.pk: {
            "unsigned": unsigned[s.pk],
            "review": review[s.pk],
            "changed": changed[s.pk],
            "training": training[s.pk],
        }
        for s in schools
    }


def _grow_school(school, rng: random.Random, trust_staff: list) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    users = [RoleFactory(school=school, role=rng.choice(STAFF)).user for _ in range(8)]
    ended = RoleFactory(school=school, role="teacher", ends_on=today - dt.timedelta(days=3))
    users.append(ended.user)
    versions = [
        PolicyVersionFactory(
            school=school, approved_on=today - dt.timedelta(days=rng.randint(1, 900))
        )
        for _ in range(rng.randint(0, 2))
    ]
    for user in users + trust_staff:
        if versions and rng.random() < 0.6:
            status = rng.choice([SignOff.Status.SIGNED] * 3 + [SignOff.Status.QUERY])
            question = "What counts as personal?" if status == SignOff.Status.QUERY else ""
            SignOffFactory(
                version=rng.choice(versions), user=user, status=status, question=question
            )
    for _ in range(3):
        days = rng.choice([0, 30, 364, 365, 366, 700, 800])
        session = TrainingSessionFactory(school=school, held_on=today - dt.timedelta(days=days))
        session.attendees.add(*rng.sample(users + trust_staff, 3))
    for name in ("3A", "4B", "5C", ""):
        PupilFactory(school=school, class_name=name)
    for name in rng.sample(["3A", "4B", "5C"], rng.randint(0, 3)):
        TrainingSessionFactory(
            school=school,
            audience=TrainingSession.Audience.PUPILS,
            class_name=name,
            held_on=today - dt.timedelta(days=rng.choice([1, 100, 200, 400])),
        )
    if rng.random() < 0.5:
        TrainingSessionFactory(
            school=school,
            audience=TrainingSession.Audience.PARENTS,
            held_on=today - dt.timedelta(days=rng.choice([1, 200, 400])),
        )


def _grow_trust(trust, schools: int, rng: random.Random) -> list:  # type: ignore[no-untyped-def]
    trust_staff = [
        RoleFactory(school=None, trust=trust, role=r).user for r in ("ceo", "executive_head")
    ]
    made = [
        SchoolFactory(trust=trust, profile=PROFILES[i % len(PROFILES)]) for i in range(schools)
    ]
    for school in made:
        _grow_school(school, rng, trust_staff)
    return made


def test_the_counts_of_many_schools_are_each_school_s_own(personas):
    rng = random.Random(18)
    schools = [personas.school, *_grow_trust(personas.school.trust, 8, rng)]
    expected = {s.pk: _per_school(s) for s in schools}
    assert _in_bulk(schools) == expected
    totals = {k: sum(e[k] for e in expected.values()) for k in expected[schools[0].pk]}
    assert all(totals.values()), totals  # the data exercises every count


def _trust_page_queries(client) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    client.get(reverse("compliance:trust"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("compliance:trust"))
    assert response.status_code == 200

    return len(queries), response.content


def test_the_trust_page_reads_as_many_queries_for_20_schools_as_for_2(personas, sign_in):
    rng = random.Random(2)
    client = sign_in(personas.ceo)
    _grow_trust(personas.school.trust, 2, rng)
    few, _ = _trust_page_queries(client)
    _grow_trust(personas.school.trust, 18, rng)
    many, page = _trust_page_queries(client)
    assert many == few
    assert page.count(b'<th scope="row">') == 21


def test_a_trust_of_many_schools_is_shown_a_page_at_a_time(personas, sign_in, monkeypatch):
    from schoolgate.compliance.views import TrustView

    monkeypatch.setattr(TrustView, "paginate_by", 3)
    _grow_trust(personas.school.trust, 4, random.Random(3))
    client = sign_in(personas.ceo)
    first = client.get(reverse("compliance:trust")).content.decode()
    last = client.get(reverse("compliance:trust"), {"page": 2}).content.decode()
    assert first.count('<th scope="row">') == 3
    assert last.count('<th scope="row">') == 2
    assert 'rel="next"' in first
