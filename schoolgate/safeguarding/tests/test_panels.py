"""The dashboard's follow-up panel: the assignee's tasks due this week or
overdue, on records routed to them, with nothing said of what a record is about."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.safeguarding.models import Route, Task
from schoolgate.safeguarding.services import task_add
from schoolgate.safeguarding.tests.factories import make_record

PANEL = "Your safeguarding follow-ups due this week"


@pytest.fixture
def record(personas):  # type: ignore[no-untyped-def]
    return make_record(personas.school, personas.teacher)


def _task(record, personas, days, title="Call home"):  # type: ignore[no-untyped-def]
    due = timezone.localdate() + dt.timedelta(days=days)
    return task_add(
        record=record, title=title, due_on=due, assignee=personas.dsl, actor=personas.head
    )


def _dashboard(client):  # type: ignore[no-untyped-def]
    return client.get(reverse("web:dashboard")).content.decode()


def test_the_dsl_sees_overdue_and_this_weeks_tasks_as_links_but_not_later_ones(
    personas, sign_in, record
):
    _task(record, personas, -2)
    _task(record, personas, 7)
    _task(record, personas, 8)
    page = _dashboard(sign_in(personas.dsl))
    assert f"{PANEL} (2)" in page
    assert page.count(f'href="{reverse("safeguarding:record", args=[record.pk])}#tasks-h"') == 2
    assert "Overdue" in page
    assert "Call home" not in page  # the task's words may say what the record is about


def test_the_list_is_capped_with_a_link_to_every_task(personas, sign_in, record):
    for days in range(7):
        _task(record, personas, days)
    page = _dashboard(sign_in(personas.dsl))
    assert f"{PANEL} (7)" in page and page.count("Follow-up on record") == 5
    assert f'href="{reverse("safeguarding:tasks")}">See all 7 due this week' in page


def test_a_task_on_a_record_no_longer_routed_to_them_is_not_shown(personas, sign_in, record):
    _task(record, personas, 1)
    Route.objects.filter(record=record).delete()
    assert PANEL not in _dashboard(sign_in(personas.dsl))


def test_others_see_nothing_of_anyone_elses_tasks(personas, sign_in, record):
    _task(record, personas, 1)
    for persona in (personas.head, personas.teacher, personas.office):
        page = _dashboard(sign_in(persona))
        assert PANEL not in page and "Follow-up on record" not in page


def test_done_tasks_are_not_shown(personas, sign_in, record):
    Task.objects.filter(pk=_task(record, personas, 1).pk).update(
        done_at=timezone.now(), done_by=personas.dsl
    )
    assert PANEL not in _dashboard(sign_in(personas.dsl))


def test_opening_the_dashboard_records_no_view_of_any_record(personas, sign_in, record):
    _task(record, personas, 1)
    client = sign_in(personas.dsl)
    before = AuditEntry.objects.count()
    assert PANEL in _dashboard(client)
    assert AuditEntry.objects.count() == before


def test_the_heads_open_records_count_links_to_the_records_they_may_read(personas, sign_in):
    page = _dashboard(sign_in(personas.head))
    assert f'<a href="{reverse("safeguarding:records")}">Open safeguarding records</a>' in page


# The DSL's caseload ---------------------------------------------------------

CASELOAD = "Open safeguarding records routed to you"


def test_the_dsl_sees_open_records_by_number_with_a_link_and_nothing_of_their_content(
    personas, sign_in, record
):
    page = _dashboard(sign_in(personas.dsl))
    assert CASELOAD + " (1)" in page
    assert reverse("safeguarding:record", kwargs={"pk": record.pk}) in page
    assert "No step recorded yet" in page
    assert record.account not in page
    assert record.pupils.get().surname not in page


def test_an_urgent_record_comes_first(personas, sign_in, record):
    urgent = make_record(
        personas.school, personas.teacher, urgency="urgent", told_dsl_in_person=True
    )
    page = _dashboard(sign_in(personas.dsl))
    first = reverse("safeguarding:record", kwargs={"pk": urgent.pk})
    second = reverse("safeguarding:record", kwargs={"pk": record.pk})
    assert CASELOAD + " (2)" in page
    assert page.index(first) < page.index(second)
    assert "Urgent" in page


def test_a_teacher_who_wrote_a_record_has_no_caseload_panel(personas, sign_in, record):
    assert CASELOAD not in _dashboard(sign_in(personas.teacher))
