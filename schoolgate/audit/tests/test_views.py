"""The audit log page and its CSV export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.audit.services import audit_log


@pytest.fixture
def entries(personas):
    """Log three entries at the persona school and one at another school."""
    school = personas.school
    audit_log(event="people.pupil_created", actor=personas.office, school=school, label="A pupil")
    audit_log(event="record.viewed", actor=personas.dsl, school=school, extra={"why": "review"})
    audit_log(event="people.pupil_updated", actor=personas.office, school=school, label="=1+1")
    audit_log(event="people.pupil_created", actor=personas.outsider, school=personas.other_school)
    return personas


def page(client, **params):
    return client.get(reverse("audit:log"), params)


def test_it_lists_the_schools_entries_newest_first(sign_in, entries):
    response = page(sign_in(entries.head))
    assert [e.event for e in response.context["entries"]] == [
        "people.pupil_updated",
        "record.viewed",
        "people.pupil_created",
    ]
    assert "Viewed a confidential record" in response.text
    assert "Changed a pupil" in response.text


def test_it_hides_other_schools_entries(sign_in, entries):
    response = page(sign_in(entries.outsider))
    assert [e.school_id for e in response.context["entries"]] == [entries.other_school.pk]


def test_it_filters_by_event(sign_in, entries):
    response = page(sign_in(entries.head), event="record.viewed")
    assert [e.event for e in response.context["entries"]] == ["record.viewed"]


def test_it_filters_by_actor_text(sign_in, entries):
    client = sign_in(entries.head)
    by_email = page(client, actor="OFFICE@")
    by_name = page(client, actor=str(entries.dsl)[:3])
    assert {e.actor_id for e in by_email.context["entries"]} == {entries.office.pk}
    assert {e.actor_id for e in by_name.context["entries"]} == {entries.dsl.pk}


def test_it_ignores_an_unknown_event_filter(sign_in, entries):
    response = page(sign_in(entries.head), event="no.such_event")
    assert len(response.context["entries"]) == 3
    assert response.context["form"].errors


def test_it_pages_the_log_by_older_and_newer_entries(sign_in, personas):
    for _ in range(105):
        audit_log(event="record.viewed", actor=personas.dsl, school=personas.school)
    newest = list(AuditEntry.objects.filter(school=personas.school).order_by("-seq"))
    client = sign_in(personas.head)
    first = page(client)
    assert first.context["entries"] == newest[:50]
    assert "Newer entries" not in first.text
    older = first.context["log"].older
    assert f'href="?before={older}"' in first.text
    second = page(client, before=older)
    assert second.context["entries"] == newest[50:100]
    third = page(client, before=second.context["log"].older)
    assert third.context["entries"] == newest[100:]
    assert "Older entries" not in third.text
    back = page(client, after=third.context["log"].newer)
    assert back.context["entries"] == newest[50:100]
    top = page(client, after=back.context["log"].newer)
    assert top.context["entries"] == newest[:50]
    assert "Newer entries" not in top.text


def test_the_pages_keep_the_filters(sign_in, entries):
    for _ in range(55):
        audit_log(event="record.viewed", actor=entries.dsl, school=entries.school)
    client = sign_in(entries.head)
    first = page(client, event="record.viewed")
    older = first.context["log"].older
    assert f'href="?event=record.viewed&amp;before={older}"' in first.text
    second = page(client, event="record.viewed", before=older)
    assert [e.event for e in second.context["entries"]] == ["record.viewed"] * 6
    # The download is of every entry the filters find, not of the page.
    assert f'href="{reverse("audit:export")}?event=record.viewed"' in second.text


def test_the_count_stops_at_its_limit_and_the_pages_still_go_on(sign_in, personas, monkeypatch):
    from schoolgate.audit import views

    monkeypatch.setattr(views, "COUNT_UP_TO", 60)
    for _ in range(120):
        audit_log(event="record.viewed", actor=personas.dsl, school=personas.school)
    client = sign_in(personas.head)
    first = page(client)
    assert "More than 60 entries, newest first." in first.text
    assert "The CSV download holds every entry" in first.text
    second = page(client, before=first.context["log"].older)
    third = page(client, before=second.context["log"].older)
    assert len(third.context["entries"]) == 20


def test_it_says_the_exact_count_below_its_limit(sign_in, entries):
    response = page(sign_in(entries.head), event="people.pupil_created")
    assert "1 entry matches these filters, newest first." in response.text
    assert "More than" not in response.text


def test_the_page_reads_the_same_number_of_queries_for_more_entries(sign_in, entries):
    client = sign_in(entries.head)
    page(client)  # Warm the per-process caches (policy profiles).
    with CaptureQueriesContext(connection) as few:
        page(client)
    for _ in range(40):
        audit_log(event="record.viewed", actor=entries.dsl, school=entries.school)
    with CaptureQueriesContext(connection) as many:
        page(client)
    assert len(many) == len(few)


def export(client, **params):
    response = client.get(reverse("audit:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_exports_the_filtered_entries_as_csv(sign_in, entries):
    rows = export(sign_in(entries.dpo), event="people.pupil_created")
    assert rows[0][:4] == ["seq", "time", "event", "what happened"]
    assert [row[2] for row in rows[1:]] == ["people.pupil_created"]
    assert rows[1][3] == "Added a pupil"
    assert rows[1][7] == "A pupil"


def test_the_export_cannot_smuggle_a_spreadsheet_formula(sign_in, entries):
    rows = export(sign_in(entries.head), event="people.pupil_updated")
    assert rows[1][7] == "'=1+1"


def test_the_export_is_itself_audited(sign_in, entries):
    export(sign_in(entries.dpo), actor="office")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.event == "audit.exported"
    assert entry.actor == entries.dpo
    assert entry.school == entries.school
    assert entry.extra == {"actor": "office"}


def test_details_read_as_words_not_python(sign_in, personas):
    extra = {
        "kind": "pupils",
        "filters": {"class_name": "4B", "q": "<b>ann</b>"},
        "uses": ["blog", "newsletter"],
        "pupil_ids": [],
        "printed": True,
    }
    audit_log(event="people.exported", actor=personas.office, school=personas.school, extra=extra)
    text = page(sign_in(personas.head)).text
    # PostgreSQL's jsonb keeps keys in its own order, so each pair is read alone.
    for pair in (
        "Kind: pupils",
        "Class name: 4B",
        "Q: &lt;b&gt;ann&lt;/b&gt;",
        "Uses: blog, newsletter",
        "Pupil ids: none",
        "Printed: yes",
    ):
        assert pair in text
    assert "Filters: (" in text
    assert "['blog'" not in text and "{'class_name'" not in text
