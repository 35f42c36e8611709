"""Retention: periods per kind, the review list, destruction only after a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.safeguarding.models import Evidence, Kind, Record, RetentionReview
from schoolgate.safeguarding.retention import due_for_review, record_retention_review, retain_until
from schoolgate.safeguarding.services import record_close
from schoolgate.safeguarding.tests.factories import make_evidence, make_record, staff_for

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def old_record(personas):  # type: ignore[no-untyped-def]
    """A closed record about a pupil born in 1996, now past 25."""
    pupil = PupilFactory(school=personas.school, date_of_birth=dt.date(1996, 1, 1))
    record = make_record(personas.school, personas.teacher, pupils=[pupil])
    return record_close(record=record, reason="Resolved.", actor=personas.dsl)


def test_a_pupil_record_is_kept_until_the_youngest_pupil_is_25(personas):
    older = PupilFactory(school=personas.school, date_of_birth=dt.date(2014, 5, 1))
    younger = PupilFactory(school=personas.school, date_of_birth=dt.date(2016, 3, 14))
    record = make_record(personas.school, personas.teacher, pupils=[older, younger])
    assert retain_until(record) == dt.date(2041, 3, 14)


def test_a_concern_about_staff_is_kept_ten_years_from_the_record(personas):
    subject = staff_for(personas.teacher, personas.school)
    record = make_record(personas.school, personas.head, kind=Kind.STAFF_CONCERN, staff=[subject])
    assert retain_until(record).year == record.happened_at.year + 10


def test_only_records_past_retention_are_listed_for_review(personas, old_record, sign_in):
    make_record(personas.school, personas.teacher)  # a pupil born in 2016
    assert [d.record for d in due_for_review(personas.school, today=TODAY)] == [old_record]
    page = sign_in(personas.dsl).get(reverse("safeguarding:retention")).content.decode()
    assert f"Review #{old_record.pk}" in page


def test_destruction_keeps_a_trace_without_content(
    personas, old_record, django_capture_on_commit_callbacks
):
    item = make_evidence(old_record, personas.teacher)
    storage, name = item.blob.storage, item.blob.name
    pk = old_record.pk
    with django_capture_on_commit_callbacks(execute=True):
        review = record_retention_review(
            record=old_record, decision="destroy", reason="Past retention.", actor=personas.dsl
        )
    assert not storage.exists(name)
    assert not Record.objects.filter(pk=pk).exists()
    assert not Evidence.objects.filter(pk=item.pk).exists()
    review.refresh_from_db()
    assert (review.record_ref, review.kind, review.record) == (pk, Kind.CYBERBULLYING, None)
    trace = AuditEntry.objects.get(event="safeguarding.destroyed")
    assert trace.extra == {"record": pk, "kind": "cyberbullying", "evidence_files": 1}
    assert "Messages were shared" not in str(trace.extra)


def test_an_open_or_current_record_is_not_destroyed(personas):
    record = make_record(personas.school, personas.teacher)
    with pytest.raises(ApplicationError, match="kept until"):
        record_retention_review(record=record, decision="destroy", reason="x", actor=personas.dsl)
    pupil = PupilFactory(school=personas.school, date_of_birth=dt.date(1990, 1, 1))
    open_old = make_record(personas.school, personas.teacher, pupils=[pupil])
    with pytest.raises(ApplicationError, match="open record"):
        record_retention_review(
            record=open_old, decision="destroy", reason="x", actor=personas.dsl
        )
    assert not RetentionReview.objects.exists()


def test_keeping_a_record_moves_its_next_review(personas, old_record):
    record_retention_review(
        record=old_record,
        decision="keep",
        keep_until=TODAY + dt.timedelta(days=365),
        reason="Police inquiry continues.",
        actor=personas.head,
        today=TODAY,
    )
    assert due_for_review(personas.school, today=TODAY) == []
    later = TODAY + dt.timedelta(days=366)
    assert [d.record for d in due_for_review(personas.school, today=later)] == [old_record]


def test_the_review_form_destroys_only_with_a_reason(personas, old_record, sign_in):
    url = reverse("safeguarding:retention_review", args=[old_record.pk])
    client = sign_in(personas.dsl)
    assert client.post(url, {"decision": "destroy"}).status_code == 400
    assert Record.objects.filter(pk=old_record.pk).exists()
    assert (
        client.post(url, {"decision": "destroy", "reason": "Past retention."}).status_code == 302
    )
    assert not Record.objects.filter(pk=old_record.pk).exists()
