"""Writes to safeguarding records. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.services import model_update
from schoolgate.people.models import Pupil, StaffMember
from schoolgate.people.selectors import roles_at, users_with_role
from schoolgate.policy.engine import Finding
from schoolgate.policy.selectors import school_policy
from schoolgate.safeguarding import evidence as sealing
from schoolgate.safeguarding.flows import step_def
from schoolgate.safeguarding.models import Amendment, Evidence, Kind, Record, Route, Step
from schoolgate.safeguarding.selectors import routes_for


class RecordRefused(ApplicationError):
    """A change the policy or the record's procedure does not allow; carries the finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.reason)
        self.finding = finding


def _refuse(rule_id: str, school: Any, reason: str) -> RecordRefused:
    policy = school_policy(school)
    source = f"{policy.code} policy: {policy.rule(rule_id).source}"
    return RecordRefused(Finding(rule_id, reason, source, severity="block", kind="safeguarding"))


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
    pupils: list[Pupil] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)


def _check_may_record(school: Any, kind: str, actor: Any) -> None:
    if kind != Kind.ADULT_DISCLOSURE:
        return
    allowed = set(school_policy(school).param("safeguarding.adult_disclosure", "recorded_by"))
    if not roles_at(actor, school) & allowed:
        raise _refuse(
            "safeguarding.adult_disclosure",
            school,
            "A disclosure about an adult is recorded by the roles the policy names; "
            "tell one of them what you were told.",
        )


@transaction.atomic
def record_create(*, school: Any, data: NewRecord, actor: Any, base_url: str = "") -> Record:
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


def _notify(record: Record, roles: set[str], actor: Any, base_url: str) -> None:
    """Email those the record is routed to: a link only, never its content."""
    subjects = {m.user_id for m in record.staff.all() if m.user_id}
    people = users_with_role(record.school, roles).exclude(pk__in=subjects | {actor.pk})
    emails = sorted({u.email for u in people if u.email})
    if not emails:
        return
    link = base_url + reverse("safeguarding:record", kwargs={"pk": record.pk})
    body = (
        f"A safeguarding record at {record.school} has been routed to you.\n\n"
        f"Sign in to read it: {link}\n\n"
        "For confidentiality this email holds no details."
    )
    send_mail("Schoolgate: a safeguarding record for you", body, None, emails)


@transaction.atomic
def step_record(*, record: Record, code: str, note: str, actor: Any) -> Step:
    """Record a step of the record's procedure, in the order the policy requires."""
    definition = step_def(record.kind, code)
    if definition is None:
        raise ApplicationError("That is not a step of this kind of record.")
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
    if definition.gate_rule:
        policy = school_policy(record.school)
        if not policy.param(definition.gate_rule, definition.gate_param):
            return
        rule = definition.gate_rule
    else:
        rule = "safeguarding.routing"
    reason = f"'{definition.label}' cannot be recorded until '{first.label}' is recorded."
    if rule == "safeguarding.adult_disclosure":
        reason += " No action is taken before the LADO has advised."
    raise _refuse(rule, record.school, reason)


@transaction.atomic
def record_amend(*, record: Record, text: str, reason: str, actor: Any) -> Amendment:
    """Add a correction or addition to a record; the original stays as written."""
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
def record_close(*, record: Record, reason: str, actor: Any) -> Record:
    """Close a record, keeping why."""
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
def evidence_attach(*, record: Record, filename: str, data: bytes, actor: Any) -> Evidence:
    """Keep a file as evidence: checked, hashed, encrypted; never the plain bytes."""
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


def evidence_open(*, item: Evidence, actor: Any) -> bytes:
    """Return a file's original bytes for someone allowed, writing the view to the log."""
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


def record_viewed(*, record: Record, actor: Any) -> None:
    """Write a view of a record to the audit trail (C7.8)."""
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
