"""Follow-up tasks, daily reminders, linked records, kind-specific fields, comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.safeguarding.evidence import unseal
from schoolgate.safeguarding.models import Kind, Record
from schoolgate.safeguarding.services import (
    CommentEvidence,
    NewRecord,
    record_link,
    record_open_from_comment,
    task_add,
    task_done,
    task_reminders_send,
)
from schoolgate.safeguarding.tests.factories import make_record

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def record(personas):  # type: ignore[no-untyped-def]
    return make_record(personas.school, personas.teacher)


def _task(record, personas, due):  # type: ignore[no-untyped-def]
    return task_add(
        record=record, title="Call home", due_on=due, assignee=personas.dsl, actor=personas.head
    )


def test_a_task_goes_only_to_someone_who_reads_the_record_in_full(personas, record):
    with pytest.raises(ApplicationError, match="routed to"):
        task_add(
            record=record,
            title="Call home",
            due_on=TODAY,
            assignee=personas.teacher,  # the writer, not routed
            actor=personas.dsl,
        )


def test_a_done_task_keeps_who_and_when_and_cannot_be_done_twice(personas, record):
    task = task_done(task=_task(record, personas, TODAY), actor=personas.dsl)
    assert task.done_by == personas.dsl and task.done_at is not None
    with pytest.raises(ApplicationError, match="already done"):
        task_done(task=task, actor=personas.dsl)
    assert AuditEntry.objects.filter(event="safeguarding.task_done").count() == 1


def test_reminders_go_once_a_day_with_links_and_no_details(
    personas, record, django_capture_on_commit_callbacks
):
    _task(record, personas, TODAY - dt.timedelta(days=2))  # overdue
    _task(record, personas, TODAY + dt.timedelta(days=1))  # due tomorrow
    _task(record, personas, TODAY + dt.timedelta(days=9))  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send(today=TODAY) == 1
        assert task_reminders_send(today=TODAY) == 0
    [email] = mail.outbox
    assert email.to == [personas.dsl.email]
    # A link and nothing else: no titles, no counts, no school.
    link = f"/safeguarding/records/{record.pk}/"
    assert link in email.body
    words = " ".join(line for line in email.body.splitlines() if link not in line)
    assert not any(c.isdigit() for c in words)
    assert "Call home" not in email.body and str(personas.school) not in email.body
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send(today=TODAY + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_the_reminder_command_is_safe_to_run_twice(
    personas, record, capsys, django_capture_on_commit_callbacks
):
    _task(record, personas, timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("safeguarding_reminders")
        call_command("safeguarding_reminders")
    assert len(mail.outbox) == 1
    assert "Reminded 0 person(s)" in capsys.readouterr().out


def test_an_overdue_task_is_flagged_on_the_record_and_the_task_list(personas, record, sign_in):
    _task(record, personas, timezone.localdate() - dt.timedelta(days=1))
    client = sign_in(personas.dsl)
    page = client.get(reverse("safeguarding:record", args=[record.pk])).content.decode()
    assert "Overdue" in page and "Call home" in page
    listing = client.get(reverse("safeguarding:tasks")).content.decode()
    assert "Overdue" in listing and f"#{record.pk}" in listing


def test_linked_records_show_on_both_only_to_those_who_may_read_both(personas, sign_in):
    pupil = PupilFactory(school=personas.school)
    first = make_record(personas.school, personas.teacher, pupils=[pupil])
    second = make_record(personas.school, personas.office, pupils=[pupil])
    response = sign_in(personas.dsl).post(
        reverse("safeguarding:record_link", args=[first.pk]),
        {"other": second.pk, "reason": "Same group chat"},
    )
    assert response.status_code == 302
    dsl = sign_in(personas.dsl)
    for one, two in ((first, second), (second, first)):
        page = dsl.get(reverse("safeguarding:record", args=[one.pk])).content.decode()
        assert f'href="/safeguarding/records/{two.pk}/"' in page
    # The teacher wrote the first record only: no sign of the second there.
    page = sign_in(personas.teacher).get(reverse("safeguarding:record", args=[first.pk]))
    assert f"/safeguarding/records/{second.pk}/" not in page.content.decode()


def test_a_record_the_linker_may_not_read_cannot_be_linked(personas, record):
    subject = personas.school.staff.create(
        mis_id="S9", first_name="D", surname="L", formal_name="Ms L", user=personas.dsl
    )
    about_dsl = make_record(
        personas.school, personas.head, kind=Kind.STAFF_CONCERN, staff=[subject]
    )
    with pytest.raises(ApplicationError, match="No such record"):
        record_link(record=record, other=about_dsl, reason="", actor=personas.dsl)


def test_cyberbullying_asks_for_the_reporter_and_the_childs_choice_about_police(personas, sign_in):
    # jessons "Cyber Bullying": the person bullied decides whether to involve the police.
    personas.school.profile = "jessons"
    personas.school.save(update_fields=["profile"])
    pupil = PupilFactory(school=personas.school)
    url = reverse("safeguarding:record_create", args=["cyberbullying"])
    form = {
        "reporter_role": "Anna Price, teacher",
        "happened_at": "2026-01-12T10:30",
        "place": "Class group chat",
        "pupils": [pupil.pk],
        "account": "Edited photos shared.",
        "urgency": "routine",
    }
    client = sign_in(personas.teacher)
    refused = client.post(url, form)
    assert refused.status_code == 200 and not Record.objects.exists()
    assert "The child&#x27;s own choice about the police" in refused.content.decode()
    client.post(url, {**form, "reported_by": "Her friend Sam", "police_choice": "does_not"})
    record = Record.objects.get()
    assert (record.reported_by, record.police_choice) == ("Her friend Sam", "does_not")


def test_cyberbullying_asks_no_choice_about_police_where_the_victim_does_not_decide(
    personas, sign_in
):
    pupil = PupilFactory(school=personas.school)  # shire: the head of school decides
    url = reverse("safeguarding:record_create", args=["cyberbullying"])
    client = sign_in(personas.teacher)
    assert "own choice about the police" not in client.get(url).content.decode()
    client.post(
        url,
        {
            "reporter_role": "Anna Price, teacher",
            "happened_at": "2026-01-12T10:30",
            "place": "Class group chat",
            "pupils": [pupil.pk],
            "account": "Edited photos shared.",
            "urgency": "routine",
            "reported_by": "Her friend Sam",
        },
    )
    record = Record.objects.get()
    assert record.police_choice == ""
    page = sign_in(personas.head).get(reverse("safeguarding:record", args=[record.pk]))
    text = page.content.decode()
    assert "Decided whether to involve the police" in text
    assert "choice about the police recorded" not in text


def test_a_breach_keeps_its_outcome_and_whether_the_posting_was_removed(personas, sign_in):
    member = personas.school.staff.create(
        mis_id="S2", first_name="A", surname="B", formal_name="Mr B"
    )
    url = reverse("safeguarding:record_create", args=["breach"])
    form = {
        "reporter_role": "Head",
        "happened_at": "2026-01-12T10:30",
        "staff": [member.pk],
        "account": "Posted a photo of pupils.",
        "urgency": "routine",
        "breach_outcome": "Written warning",
        "removal_result": "removed",
    }
    client = sign_in(personas.head)
    assert "Removal must have been requested" in client.post(url, form).content.decode()
    client.post(url, {**form, "removal_requested": "on"})
    record = Record.objects.get()
    assert (record.breach_outcome, record.removal_requested, record.removal_result) == (
        "Written warning",
        True,
        "removed",
    )


def test_a_record_opened_from_a_comment_keeps_its_text_and_metadata(personas):
    comment = CommentEvidence(
        text="Everyone knows what that boy in 4B did",
        author="anon123",
        posted_at=timezone.now(),
        channel="Facebook",
        reference="moderation.Comment:17",
    )
    data = NewRecord(
        kind=Kind.CYBERBULLYING,
        reporter_role="Online-safety officer",
        happened_at=timezone.now(),
        account="A comment singled out a pupil.",
    )
    record = record_open_from_comment(
        school=personas.school, comment=comment, data=data, actor=personas.dsl
    )
    item = record.evidence.get()
    with item.blob.open("rb") as handle:
        assert unseal(handle.read()) == comment.text.encode()
    assert item.source == "Moderated comment moderation.Comment:17"
    assert item.meta["author"] == "anon123" and item.meta["channel"] == "Facebook"


def test_an_unknown_comment_reference_answers_404(personas, sign_in):
    url = reverse("safeguarding:record_create", args=["cyberbullying"])
    assert sign_in(personas.dsl).get(url + "?comment=999999").status_code == 404


def test_the_form_opened_from_a_comment_shows_it_and_keeps_it(personas, sign_in, monkeypatch):
    from schoolgate.safeguarding import selectors

    comment = CommentEvidence(text="That boy should be scared", reference="moderation.Comment:5")
    monkeypatch.setattr(selectors, "moderated_comment_for", lambda *args: comment)
    pupil = PupilFactory(school=personas.school)
    url = reverse("safeguarding:record_create", args=["cyberbullying"]) + "?comment=5"
    client = sign_in(personas.dsl)
    assert "That boy should be scared" in client.get(url).content.decode()
    client.post(
        url,
        {
            "reporter_role": "DSL",
            "happened_at": "2026-01-12T10:30",
            "place": "Blog comments",
            "pupils": [pupil.pk],
            "account": "A comment threatened a pupil.",
            "urgency": "routine",
            "reported_by": "Moderator",
            "police_choice": "undecided",
        },
    )
    assert Record.objects.get().evidence.get().source == "Moderated comment moderation.Comment:5"


def test_a_record_opened_from_a_real_moderated_comment_keeps_it(personas, sign_in):
    pytest.importorskip("schoolgate.moderation.tests.factories")
    from schoolgate.moderation.tests.factories import held_comment

    comment = held_comment(personas.school, personas.teacher)
    comment.text = "Everyone hates that girl"
    comment.save(update_fields=["text"])
    pupil = PupilFactory(school=personas.school)
    url = reverse("safeguarding:record_create", args=["cyberbullying"]) + f"?comment={comment.pk}"
    client = sign_in(personas.teacher)  # a moderator in the shire profile
    assert "Everyone hates that girl" in client.get(url).content.decode()
    client.post(
        url,
        {
            "reporter_role": "Class teacher, moderating",
            "happened_at": "2026-01-12T10:30",
            "place": "Blog comments",
            "pupils": [pupil.pk],
            "account": "A comment on the blog singled out a pupil.",
            "urgency": "routine",
            "reported_by": "Comment moderation",
            "police_choice": "undecided",
        },
    )
    item = Record.objects.get().evidence.get()
    assert item.meta["reference"] == f"moderation.Comment:{comment.pk}"
    assert item.meta["author"] == "Sam Parent"
    # Someone who does not moderate cannot pull a comment into a record.
    assert sign_in(personas.governor).get(url).status_code == 404
