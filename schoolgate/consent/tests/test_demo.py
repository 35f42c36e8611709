"""The demo trust's register: mostly consent, some refusals, lapses at brize."""

from __future__ import annotations

from collections import Counter

import pytest

from schoolgate.consent import selectors
from schoolgate.consent.models import PhotoConsent
from schoolgate.demo.load import demo_load
from schoolgate.people.models import School


@pytest.fixture
def loaded(db: None) -> None:
    demo_load()


def _states(school: School) -> Counter:  # type: ignore[type-arg]
    rows = selectors.register(school)
    return Counter("all" if all(a.allowed for a in r.cells) else "some_not" for r in rows)


def test_most_demo_pupils_have_consent_and_about_one_in_eight_do_not(loaded):
    for school in School.objects.exclude(profile="brize"):
        counts = _states(school)
        share = counts["some_not"] / sum(counts.values())
        assert 0.05 <= share <= 0.35, (school, counts)


def test_the_yearly_renewal_school_has_lapsed_and_due_consent(loaded):
    brize = School.objects.get(profile="brize")
    renewals = selectors.renewals_due(brize)
    assert sum(r.lapsed for r in renewals) >= 3
    assert sum(not r.lapsed for r in renewals) >= 2
    assert selectors.renewals_due(School.objects.get(profile="shire")) == []


def test_every_demo_answer_carries_its_evidence(loaded):
    assert PhotoConsent.objects.count() > 500
    assert not PhotoConsent.objects.filter(recorded_by__isnull=True).exists()
    # Each answer names the parent who gave it, or is the pupil's own (whmat 6.10).
    assert not PhotoConsent.objects.filter(parent__isnull=True, by_pupil=False).exists()
    assert PhotoConsent.objects.filter(by_pupil=True).count() == 1
