"""A concern about the head leaves no trace the head can find (issue 13, item 3).

The head may read the audit log, export it and see the dashboard's counts.
None of these may tell them that a concern about them exists, who raised it,
where it was routed or who has read it: each follows the rule that guards
the record itself (`visible_records`).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from schoolgate.audit.services import audit_log
from schoolgate.safeguarding.models import Kind
from schoolgate.safeguarding.services import record_amend, record_viewed
from schoolgate.safeguarding.tests.factories import make_record, staff_for

OPEN_COUNT = "Open safeguarding records"


@pytest.fixture
def about_the_head(personas):  # type: ignore[no-untyped-def]
    """Return a concern about the head raised by a teacher, read by the chair,
    beside an ordinary record about a pupil that the head may read."""
    head_as_staff = staff_for(personas.head, personas.school)
    record = make_record(
        personas.school, personas.teacher, kind=Kind.STAFF_CONCERN, staff=[head_as_staff]
    )
    record_viewed(record=record, actor=personas.chair)
    record_amend(record=record, text="More detail.", reason="Recalled", actor=personas.teacher)
    make_record(personas.school, personas.dsl)  # routed to the head's role as well
    audit_log(event="people.pupil_created", actor=personas.office, school=personas.school)
    # Routed above the head (the profile's route), never to the head.
    assert set(record.routes.values_list("role", flat=True)) <= {"chair", "executive_head", "ceo"}
    return record


def _count(client) -> int:  # type: ignore[no-untyped-def]
    page = client.get(reverse("web:dashboard")).content.decode()
    found = re.search(OPEN_COUNT + r"(?:</a>)?</th>\s*<td>(\d+)</td>", page)
    assert found, "no count of open records on the dashboard"
    return int(found.group(1))


def _mentions(text: str, record, personas) -> bool:  # type: ignore[no-untyped-def]
    return (
        f"#{record.pk}" in text
        or "staff_concern" in text
        or personas.teacher.email in text
        or str(personas.teacher) in text
        or "executive_head" in text
    )


def test_the_audit_log_shows_the_head_nothing_of_it(personas, sign_in, about_the_head):
    client = sign_in(personas.head)
    pages = [
        client.get(reverse("audit:log")),
        client.get(reverse("audit:log"), {"event": "safeguarding.recorded"}),
        client.get(reverse("audit:log"), {"event": "record.viewed"}),
        client.get(reverse("audit:log"), {"actor": "teacher"}),
        client.get(reverse("audit:log"), {"actor": "chair"}),
    ]
    for page in pages:
        assert page.status_code == 200
        ids = {e.subject_id for e in page.context["entries"]}
        assert str(about_the_head.pk) not in ids
        assert not _mentions(page.text, about_the_head, personas)
    # The rest of the log is still there, and those who may open the record
    # still read its trail.
    assert "Added a pupil" in pages[0].text
    client = sign_in(personas.exec_head)
    page = client.get(reverse("audit:log"), {"event": "safeguarding.recorded"})
    assert str(about_the_head.pk) in {e.subject_id for e in page.context["entries"]}


def test_the_csv_export_shows_the_head_nothing_of_it(personas, sign_in, about_the_head):
    client = sign_in(personas.head)
    for params in ({}, {"event": "safeguarding.recorded"}, {"event": "record.viewed"}):
        response = client.get(reverse("audit:export"), params)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert all(row["subject id"] != str(about_the_head.pk) for row in rows)
        assert not _mentions(text, about_the_head, personas)


def test_the_heads_dashboard_and_email_say_nothing_of_it(personas, sign_in, about_the_head):
    client = sign_in(personas.head)
    listed = client.get(reverse("safeguarding:records")).context
    assert _count(client) == 1
    assert about_the_head.pk not in {r.pk for r in _records_in(listed)}
    to_head = [m for m in mail.outbox if personas.head.email in m.to]
    assert all(not _mentions(m.subject + m.body, about_the_head, personas) for m in to_head)


def _records_in(context) -> list:  # type: ignore[no-untyped-def]
    for key in ("records", "page_obj", "object_list"):
        if key in context:
            return list(context[key])
    raise AssertionError("no records in the list's context")
