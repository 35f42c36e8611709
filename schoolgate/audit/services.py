"""Writing to the audit log, and checking that nobody has rewritten it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from schoolgate.audit import context, events
from schoolgate.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(entry: AuditEntry) -> str:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "event": entry.event,
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "school": entry.school_id,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "subject_label": entry.subject_label,
        "extra": entry.extra,
        "correlation_id": entry.correlation_id,
        "ip": entry.ip,
        "prev": entry.prev_hash,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


def _subject(subject: Any) -> tuple[str, str]:
    if subject is None:
        return "", ""
    meta = subject._meta
    return f"{meta.app_label}.{meta.model_name}", str(subject.pk)


def audit_log(
    *,
    event: str,
    actor: Any = None,
    subject: Any = None,
    school: Any = None,
    label: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the chain and return it.

    Call it inside the service's transaction, so the entry and the change it
    records are saved together or not at all.
    """
    if event not in events.EVENTS:
        raise ValueError(f"unknown audit event {event}")
    ctx = context.current()
    subject_type, subject_id = _subject(subject)
    with transaction.atomic():
        # The head row serialises writers: each entry extends the one before.
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        user = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now().replace(microsecond=0),
            event=event,
            actor=user,
            actor_label=str(user)[:200] if user else "",
            school_id=school.pk if school is not None else ctx.school_id,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_label=label[:200],
            extra=json.loads(json.dumps(extra or {}, cls=DjangoJSONEncoder)),
            correlation_id=ctx.correlation_id,
            ip=ctx.ip,
            prev_hash=head.hash,
        )
        entry.hash = _digest(entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class Item:
    """One entry of `audit_log_many`: what it is about, and its details."""

    subject: Any
    label: str = ""
    extra: dict[str, Any] | None = None


def audit_log_many(*, event: str, actor: Any = None, school: Any = None, items: list[Item]) -> int:
    """Append one entry per item, in order, exactly as `audit_log` would; return how many.

    For bulk work (an import of thousands of rows): the head is locked once
    and the entries inserted together, so a record per row costs a row, not a
    transaction. Call it inside the service's transaction, like `audit_log`.
    """
    if event not in events.EVENTS:
        raise ValueError(f"unknown audit event {event}")
    if not items:
        return 0
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    at = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entries = []
        seq, previous = head.seq, head.hash
        for item in items:
            subject_type, subject_id = _subject(item.subject)
            seq += 1
            entry = AuditEntry(
                seq=seq,
                at=at,
                event=event,
                actor=user,
                actor_label=str(user)[:200] if user else "",
                school_id=school.pk if school is not None else ctx.school_id,
                subject_type=subject_type,
                subject_id=subject_id,
                subject_label=item.label[:200],
                extra=json.loads(json.dumps(item.extra or {}, cls=DjangoJSONEncoder)),
                correlation_id=ctx.correlation_id,
                ip=ctx.ip,
                prev_hash=previous,
            )
            entry.hash = previous = _digest(entry)
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        head.seq, head.hash = seq, previous
        head.save(update_fields=["seq", "hash"])
    return len(entries)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    first_bad_seq: int | None = None


def audit_verify() -> VerifyResult:
    """Walk the chain from the start; return where it first stops adding up."""
    previous, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _entry_problem(entry, expected_seq, previous)
        if problem:
            return VerifyResult(False, checked, problem, expected_seq)
        previous, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.seq != expected_seq - 1 or head.hash != previous):
        return VerifyResult(
            False,
            checked,
            f"entries after #{expected_seq - 1} are missing (the log ended at #{head.seq})",
            expected_seq,
        )
    return VerifyResult(True, checked)


def _entry_problem(entry: AuditEntry, expected_seq: int, previous: str) -> str:
    if entry.seq != expected_seq:
        return f"entry #{expected_seq} is missing (next found is #{entry.seq})"
    if entry.prev_hash != previous:
        return f"entry #{entry.seq} does not follow the entry before it"
    if _digest(entry) != entry.hash:
        return f"entry #{entry.seq} was changed after it was written"
    return ""


# Further checks `audit verify` runs after the chain, registered by the apps
# that keep hashed material (e.g. safeguarding evidence). Each returns one line
# per problem found, and an empty list when all is well.
EXTRA_VERIFIERS: list[Callable[[], list[str]]] = []


def register_verifier(verifier: Callable[[], list[str]]) -> None:
    """Have `audit verify` also run the given check."""
    if verifier not in EXTRA_VERIFIERS:
        EXTRA_VERIFIERS.append(verifier)


def extra_problems() -> list[str]:
    """Return the problems every registered verifier finds."""
    return [problem for verifier in EXTRA_VERIFIERS for problem in verifier()]
