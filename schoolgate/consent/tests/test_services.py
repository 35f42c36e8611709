"""Recording answers: checks, history, audit and the withdrawal signal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.consent.models import Answer, Method, PhotoConsent
from schoolgate.consent.services import (
    GivenAnswer,
    consent_record,
    consent_withdraw,
    staff_photo_permission_record,
)
from schoolgate.consent.signals import consent_withdrawn
from schoolgate.consent.tests.conftest import SEPT_3
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import ParentFactory, StaffFactory

pytestmark = pytest.mark.django_db


def record(family, **overrides):  # type: ignore[no-untyped-def]
    args = {
        "uses": ["blog", "social"],
        "answer": Answer.GIVEN,
        "parent": family.mother,
        "method": Method.PAPER,
        "given_on": SEPT_3,
    } | overrides
    return consent_record(pupil=family.pupil, given=GivenAnswer(**args), actor=None)


def test_it_records_one_row_per_use_and_audits_the_change(family):
    added = record(family)
    assert [c.use for c in added] == ["blog", "social"]
    entry = AuditEntry.objects.get(event="consent.recorded")
    assert entry.extra["uses"] == ["blog", "social"]
    assert entry.extra["parent"] == family.mother.mis_id


def test_the_same_answer_twice_changes_nothing(family):
    record(family)
    assert record(family) == []
    assert PhotoConsent.objects.count() == 2
    assert AuditEntry.objects.filter(event="consent.recorded").count() == 1


def test_a_written_policy_refuses_consent_given_only_in_person(family):
    with pytest.raises(ApplicationError, match="in writing"):
        record(family, method=Method.IN_PERSON)


def test_a_withdrawal_in_person_is_accepted(family):
    record(family)
    added = consent_withdraw(
        pupil=family.pupil, parent=family.mother, method=Method.IN_PERSON, actor=None
    )
    assert {c.use for c in added} == {"blog", "social", "press", "website"}
    assert AuditEntry.objects.filter(event="consent.withdrawn").count() == 1


def test_it_refuses_a_parent_of_another_child(family):
    stranger = ParentFactory(school=family.pupil.school)
    with pytest.raises(ApplicationError, match="not recorded as a parent"):
        record(family, parent=stranger)


def test_it_refuses_a_date_in_the_future_and_an_answer_older_than_the_current(family):
    with pytest.raises(ApplicationError, match="future"):
        record(family, given_on=timezone.localdate() + dt.timedelta(days=1))
    record(family)
    with pytest.raises(ApplicationError, match="newer answer"):
        record(family, answer=Answer.REFUSED, given_on=SEPT_3 - dt.timedelta(days=1))


def test_it_refuses_a_use_the_school_does_not_ask_about(family):
    with pytest.raises(ApplicationError, match="does not ask consent for billboards"):
        record(family, uses=["billboards"])


def test_losing_consent_sends_consent_withdrawn_after_commit(
    family, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):  # type: ignore[no-untyped-def]
        received.append(kwargs)

    consent_withdrawn.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record(family)
        assert received == []
        with django_capture_on_commit_callbacks(execute=True):
            # The other parent's refusal wins for social media.
            record(family, parent=family.father, answer=Answer.REFUSED, uses=["social"])
    finally:
        consent_withdrawn.disconnect(receiver)
    assert [(r["pupil"], r["uses"]) for r in received] == [(family.pupil, ["social"])]


def test_a_colleagues_new_answer_supersedes_the_old_one(shire):
    staff = StaffFactory(school=shire)
    first = staff_photo_permission_record(
        staff=staff, answer=Answer.GIVEN, method=Method.EMAIL, given_on=SEPT_3, actor=None
    )
    second = staff_photo_permission_record(
        staff=staff, answer=Answer.WITHDRAWN, method=Method.EMAIL, given_on=SEPT_3, actor=None
    )
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert second.superseded_at is None
    assert AuditEntry.objects.filter(event="consent.staff_permission_recorded").count() == 2
