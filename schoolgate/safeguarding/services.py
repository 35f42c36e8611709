"""Writes to safeguarding records. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.core.services import model_update
from schoolgate.notifications.services import notify
from schoolgate.people.models import Pupil, StaffMember
from schoolgate.people.selectors import users_with_role
from schoolgate.safeguarding import evidence as sealing
from schoolgate.safeguarding.flows import applies, step_def
from schoolgate.safeguarding.models import (
    Amendment,
    Evidence,
    Kind,
    Link,
    Record,
    Route,
    Step,
    Task,
)
from schoolgate.safeguarding.policy import step_order_kept
from schoolgate.safeguarding.selectors import (  # noqa: F401  RecordRefused for the views
    RecordRefused as RecordRefused,
)
from schoolgate.safeguarding.selectors import (
    may_read_in_full,
    refusal,
    routes_for,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

_refuse = refusal


@dataclass
class NewRecord:
    """What the person raising a concern writes down."""

    kind: str
    reporter_role: str
    happened_at: datetime
    account: str
    place: str = ""
    child_words: str = ""
    disclosed_by: str = ""
    urgency: str = Record.Urgency.ROUTINE
    told_dsl_in_person: bool = False
    reported_by: str = ""
    evidence_described: str = ""
    police_choice: str = ""
    breach_outcome: str = ""
    removal_requested: bool = False
    removal_result: str = ""
    pupils: list[Pupil] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)


def _check_may_record(school: Any, kind: str, actor: User) -> None:
    require(actor, "safeguarding.record", school)
    if kind == Kind.ADULT_DISCLOSURE:
        # Who records a disclosure about an adult is the profile's word (the action's roles_from).
        require(actor, "safeguarding.record_adult_disclosure", school)


def _check_may_work_on(record: Record, actor: User) -> None:
    # The role gate of every change to a record; which records a person sees
    # is decided per record by the selectors (routing and subjects).
    require(actor, "safeguarding.view", record)


@transaction.atomic
def record_create(*, school: Any, data: NewRecord, actor: User, base_url: str = "") -> Record:
    """Record a concern, route it by the school's policy and tell those it goes to."""
    _check_may_record(school, data.kind, actor)
    record = Record(
        school=school,
        reporter=actor,
        **{k: v for k, v in vars(data).items() if k not in {"pupils", "staff"}},
    )
    record.full_clean()
    record.save()
    record.pupils.set(data.pupils)
    record.staff.set(data.staff)
    routes = routes_for(school, data.kind, data.staff)
    Route.objects.bulk_create(Route(record=record, role=r, rule=s) for r, s in routes.items())
    audit_log(
        event="safeguarding.recorded",
        actor=actor,
        subject=record,
        school=school,
        label=str(record),
        extra={"kind": data.kind, "urgency": data.urgency, "routed_to": sorted(routes)},
    )
    transaction.on_commit(lambda: _notify(record, set(routes), actor, base_url))
    return record


def _notify(record: Record, roles: set[str], actor: User, base_url: str) -> None:
    """Email those the record is routed to: a link only, never its content."""
    subjects = {m.user_id for m in record.staff.all() if m.user_id}
    people = users_with_role(record.school, roles).exclude(pk__in=subjects | {actor.pk})
    link = base_url + reverse("safeguarding:record", kwargs={"pk": record.pk})
    # A link only: not even the school, which a trust's staff could tell apart by.
    body = (
        "A safeguarding record has been routed to you.\n\n"
        f"Sign in to read it: {link}\n\n"
        "For confidentiality this email holds no details."
    )
    notify(
        topic_code="safeguarding",
        to=people,
        subject="Schoolgate: a safeguarding record for you",
        body=body,
        line="A safeguarding record was routed to you",
        school=record.school,
    )


@transaction.atomic
def step_record(*, record: Record, code: str, note: str, actor: User) -> Step:
    """Record a step of the record's procedure, in the order the policy requires."""
    _check_may_work_on(record, actor)
    definition = step_def(record.kind, code)
    if definition is None:
        raise ApplicationError("That is not a step of this kind of record.")
    if not applies(definition, record.school, record.disclosed_by):
        raise ApplicationError("That step is not one this school's policy asks for here.")
    if record.status == Record.Status.CLOSED:
        raise ApplicationError("The record is closed; amend it instead.")
    if record.steps.filter(code=code).exists():
        raise ApplicationError(f"'{definition.label}' is already recorded.")
    _check_order(record, definition)
    step = Step(record=record, code=code, note=note, done_by=actor, done_at=timezone.now())
    step.full_clean()
    step.save()
    audit_log(
        event="safeguarding.step_recorded",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
        extra={"step": code},
    )
    return step


def _check_order(record: Record, definition: Any) -> None:
    done = set(record.steps.values_list("code", flat=True))
    missing = [c for c in definition.after if c not in done]
    if not missing:
        return
    first = step_def(record.kind, missing[0])
    assert first is not None  # a step waits only on steps of its own kind's flow
    if definition.gate_rule:
        if not step_order_kept(record.school, definition.gate_rule, definition.gate_param):
            return
        rule = definition.gate_rule
    else:
        rule = "safeguarding.routing"
    reason = f"'{definition.label}' cannot be recorded until '{first.label}' is recorded."
    if rule == "safeguarding.adult_disclosure":
        reason += " No action is taken before the LADO has advised."
    raise _refuse(rule, record.school, reason)


@transaction.atomic
def record_amend(*, record: Record, text: str, reason: str, actor: User) -> Amendment:
    """Add a correction or addition to a record; the original stays as written."""
    _check_may_work_on(record, actor)
    amendment = Amendment(
        record=record, text=text, reason=reason, made_by=actor, made_at=timezone.now()
    )
    amendment.full_clean()
    amendment.save()
    audit_log(
        event="safeguarding.amended",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
        extra={"amendment": amendment.pk},
    )
    return amendment


@transaction.atomic
def record_close(*, record: Record, reason: str, actor: User) -> Record:
    """Close a record, keeping why."""
    _check_may_work_on(record, actor)
    if record.status == Record.Status.CLOSED:
        raise ApplicationError("The record is already closed.")
    if not reason.strip():
        raise ApplicationError("Say why the record is being closed.")
    data = {
        "status": Record.Status.CLOSED,
        "closed_reason": reason.strip(),
        "closed_at": timezone.now(),
        "closed_by": actor,
    }
    model_update(instance=record, fields=list(data), data=data)
    audit_log(
        event="safeguarding.closed",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
    )
    return record


@transaction.atomic
def evidence_attach(
    *,
    record: Record,
    filename: str,
    data: bytes,
    actor: User,
    source: str = "",
    meta: dict[str, Any] | None = None,
) -> Evidence:
    """Keep a file as evidence: checked, hashed, encrypted; never the plain bytes."""
    _check_may_work_on(record, actor)
    if record.kind == Kind.INDECENT_IMAGES:
        raise _refuse(
            "safeguarding.indecent_images",
            record.school,
            "Indecent images are never uploaded, copied or forwarded: record only where "
            "and when they were found, and leave the device for the police.",
        )
    try:
        content_type = sealing.sniff(data)
    except sealing.EvidenceRefused as exc:
        raise ApplicationError(str(exc)) from exc
    item = Evidence(
        record=record,
        filename=filename[:255],
        content_type=content_type,
        size=len(data),
        sha256=sealing.digest(data),
        source=source[:200],
        meta=meta or {},
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    # A random name: the store's listing must not reveal whose evidence it is.
    item.blob.save(f"{uuid.uuid4().hex}.bin", ContentFile(sealing.seal(data)), save=False)
    item.full_clean()
    item.save()
    audit_log(
        event="safeguarding.evidence_added",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
        extra={"evidence": item.pk, "sha256": item.sha256, "type": content_type},
    )
    return item


def evidence_open(*, item: Evidence, actor: User) -> bytes:
    """Return a file's original bytes for someone allowed, writing the view to the log."""
    _check_may_work_on(item.record, actor)
    with item.blob.open("rb") as handle:
        data = sealing.unseal(handle.read())
    if sealing.digest(data) != item.sha256:
        raise sealing.EvidenceTampered("the file's hash does not match the one recorded")
    audit_log(
        event="safeguarding.evidence_viewed",
        actor=actor,
        subject=item.record,
        school=item.record.school,
        label=str(item.record),
        extra={"evidence": item.pk},
    )
    return data


def record_viewed(*, record: Record, actor: User) -> None:
    """Write a view of a record to the audit trail (C7.8)."""
    _check_may_work_on(record, actor)
    audit_log(
        event="record.viewed",
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
    )


def evidence_problems() -> list[str]:
    """Return a line for every evidence file that is missing or altered."""
    problems = []
    for item in Evidence.objects.order_by("pk").iterator():
        problem = _evidence_problem(item)
        if problem:
            problems.append(f"evidence #{item.pk} (record #{item.record_id}): {problem}")
    return problems


def _evidence_problem(item: Evidence) -> str:
    try:
        with item.blob.open("rb") as handle:
            data = sealing.unseal(handle.read())
    except FileNotFoundError:
        return "the stored file is missing"
    except sealing.EvidenceTampered as exc:
        return str(exc)
    if sealing.digest(data) != item.sha256:
        return "the file's hash does not match the one recorded"
    return ""


# ---------------------------------------------------------------------------
# Follow-up tasks and reminders
# ---------------------------------------------------------------------------


@transaction.atomic
def task_add(*, record: Record, title: str, due_on: date, assignee: Any, actor: User) -> Task:
    """Add a follow-up to a record for someone who may read it in full."""
    _check_may_work_on(record, actor)
    if record.status == Record.Status.CLOSED:
        raise ApplicationError("The record is closed; amend it instead.")
    if not may_read_in_full(assignee, record):
        raise ApplicationError("Give the task to someone the record is routed to.")
    task = Task(
        record=record,
        title=title.strip(),
        due_on=due_on,
        assignee=assignee,
        created_by=actor,
        created_at=timezone.now(),
    )
    task.full_clean()
    task.save()
    _audit_record("safeguarding.task_added", record, actor, task=task.pk, due_on=str(due_on))
    return task


@transaction.atomic
def task_done(*, task: Task, actor: User) -> Task:
    """Mark a follow-up done, keeping who did it and when."""
    _check_may_work_on(task.record, actor)
    if task.done_at is not None:
        raise ApplicationError("That task is already done.")
    data = {"done_at": timezone.now(), "done_by": actor}
    model_update(instance=task, fields=list(data), data=data)
    _audit_record("safeguarding.task_done", task.record, actor, task=task.pk)
    return task


def task_reminders_send(*, today: date | None = None, base_url: str = "") -> int:
    """Email each assignee once a day about their tasks due by tomorrow or overdue.

    Return how many people were emailed. A task reminded today is skipped,
    so the command may run more than once a day (or on two machines) and
    nobody hears twice.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = (
            Task.objects.select_for_update()
            .filter(done_at__isnull=True, due_on__lte=today + timedelta(days=1))
            .exclude(reminded_on=today)
            .select_related("assignee")
        )
        tasks = list(due)
        Task.objects.filter(pk__in=[t.pk for t in tasks]).update(reminded_on=today)
        by_person: dict[Any, list[Task]] = {}
        for task in tasks:
            by_person.setdefault(task.assignee, []).append(task)
        for person, theirs in by_person.items():
            transaction.on_commit(partial(_remind, person, theirs, today, base_url))
    return len(by_person)


def _remind(person: Any, tasks: list[Task], today: date, base_url: str) -> None:
    # Links only: task titles may name a child, and even how many are due or
    # overdue says something about a caseload; the records say the rest.
    lines = [base_url + reverse("safeguarding:record", kwargs={"pk": t.record_id}) for t in tasks]
    body = (
        "You have safeguarding follow-up tasks due. Sign in to see them:\n\n"
        + "\n".join(sorted(set(lines)))
        + "\n\nFor confidentiality this email holds no details."
    )
    notify(
        topic_code="safeguarding",
        to=[person],
        subject="Schoolgate: safeguarding tasks due",
        body=body,
        line="Safeguarding follow-up tasks are due",
    )


# ---------------------------------------------------------------------------
# Linked records
# ---------------------------------------------------------------------------


@transaction.atomic
def record_link(*, record: Record, other: Record, reason: str, actor: User) -> Link:
    """Link two records of one school, both of which the actor reads in full."""
    _check_may_work_on(record, actor)
    if other.pk == record.pk:
        raise ApplicationError("A record cannot be linked to itself.")
    if other.school_id != record.school_id or not may_read_in_full(actor, other):
        raise ApplicationError("No such record.")
    low, high = sorted((record, other), key=lambda r: r.pk)
    if Link.objects.filter(low=low, high=high).exists():
        raise ApplicationError("Those records are already linked.")
    link = Link(
        low=low, high=high, reason=reason.strip(), linked_by=actor, linked_at=timezone.now()
    )
    link.full_clean()
    link.save()
    for one, two in ((low, high), (high, low)):
        _audit_record("safeguarding.linked", one, actor, about=[two], linked_to=two.pk)
    return link


def _audit_record(
    event: str, record: Record, actor: User, *, about: list[Record] | None = None, **extra: Any
) -> None:
    audit_log(
        event=event,
        actor=actor,
        subject=record,
        school=record.school,
        label=str(record),
        extra=extra,
        about=about or (),
    )


# ---------------------------------------------------------------------------
# A record opened from a moderated comment
# ---------------------------------------------------------------------------


@dataclass
class CommentEvidence:
    """A moderated comment as the moderation app hands it over.

    `text` is the comment as posted; the rest is metadata kept beside it.
    """

    text: str
    author: str = ""
    posted_at: datetime | None = None
    channel: str = ""
    url: str = ""
    reference: str = ""  # the moderation app's own id, e.g. "moderation.Comment:17"


def record_open_from_comment(
    *, school: Any, comment: CommentEvidence, data: NewRecord, actor: User, base_url: str = ""
) -> Record:
    """Record a concern raised from a moderated comment, keeping the comment as evidence.

    The comment's text is kept, sealed and hashed like any upload, as a
    text file; its author, time, channel and address go in the evidence's
    metadata, so the record holds what was posted even after the comment is
    hidden or deleted on the channel.
    """
    with transaction.atomic():
        record = record_create(school=school, data=data, actor=actor, base_url=base_url)
        comment_attach(record=record, comment=comment, actor=actor)
    return record


def comment_attach(*, record: Record, comment: CommentEvidence, actor: User) -> Evidence:
    """Keep a moderated comment's text and metadata as evidence on a record."""
    _check_may_work_on(record, actor)
    if not comment.text.strip():
        raise ApplicationError("The comment has no text to keep.")
    meta = {
        "author": comment.author,
        "posted_at": comment.posted_at.isoformat() if comment.posted_at else "",
        "channel": comment.channel,
        "url": comment.url,
        "reference": comment.reference,
    }
    return evidence_attach(
        record=record,
        filename=f"comment-{comment.reference or 'moderated'}.txt".replace(":", "-"),
        data=comment.text.encode(),
        actor=actor,
        source=f"Moderated comment {comment.reference}".strip(),
        meta=meta,
    )
