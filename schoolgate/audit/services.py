"""Writing to the audit log, and checking that nobody has rewritten it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from schoolgate.accounts.models import User
from schoolgate.audit import anchors, confidential, context, events
from schoolgate.audit.models import AuditConfidential, AuditEntry, AuditHead

if TYPE_CHECKING:
    from schoolgate.core.types import Anyone

GENESIS = "0" * 64


def _key() -> bytes:
    secret = getattr(settings, "SCHOOLGATE_AUDIT_KEY", None)
    if not secret:
        raise ImproperlyConfigured("Set SCHOOLGATE_AUDIT_KEY to write or verify the audit log.")
    return chain_key(secret)


def chain_key(secret: str) -> bytes:
    """Return the HMAC key the chain is signed with, derived from the secret."""
    return hashlib.sha256(b"schoolgate-audit-chain:" + secret.encode()).digest()


# The columns an entry's HMAC covers, in the order it covers them.
HASHED = (
    "seq",
    "at",
    "event",
    "actor_id",
    "actor_label",
    "school_id",
    "subject_type",
    "subject_id",
    "subject_label",
    "extra",
    "correlation_id",
    "ip",
    "confidential",
    "prev_hash",
)
AT, EXTRA, IP, CONFIDENTIAL = (HASHED.index(n) for n in ("at", "extra", "ip", "confidential"))


def _message(values: list[Any]) -> bytes:
    """Return the bytes an entry's HMAC covers: its hashed columns as one
    canonical JSON array (time as ISO 8601 text, JSON values as objects).

    This is the chain's definition; `_canonical` writes the same bytes faster,
    and a test holds the two equal."""
    return json.dumps(values, sort_keys=True, separators=(",", ":")).encode()


# The canonical form's pieces, made once: `json.dumps` builds an encoder per call.
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
_TEXT = encode_basestring_ascii
_EMPTY_JSON = {"{}": "{}", "[]": "[]"}
_NULL = "null"


def _canonical(
    seq: int,
    at: str,
    event: str,
    actor_id: int | None,
    actor_label: str,
    school_id: int | None,
    subject_type: str,
    subject_id: str,
    subject_label: str,
    extra: str,
    correlation_id: str,
    ip: str | None,
    confidential: str,
    prev_hash: str,
) -> bytes:
    """Return `_message` of the hashed columns, written directly: `at` is the
    time's ISO 8601 text in UTC, and `extra` and `confidential` are already
    canonical JSON text (`_json_text`). Each element is what `json.dumps`
    writes for it, joined by commas, so the bytes are the same."""
    return (
        f"[{seq},{_TEXT(at)},{_TEXT(event)},{_NULL if actor_id is None else actor_id},"
        f"{_TEXT(actor_label)},{_NULL if school_id is None else school_id},"
        f"{_TEXT(subject_type)},{_TEXT(subject_id)},{_TEXT(subject_label)},{extra},{_TEXT(correlation_id)},"
        f"{_NULL if ip is None else _TEXT(ip)},{confidential},{_TEXT(prev_hash)}]"
    ).encode()


def _json_text(stored: str) -> str:
    """Return a JSON column's stored text as the canonical form writes its value."""
    fast = _EMPTY_JSON.get(stored)
    return fast if fast is not None else _ENCODE(json.loads(stored))


class Signer:
    """HMAC-SHA256 (RFC 2104) under one key, with the key's two padded blocks
    hashed once: each message then costs two copies and two updates, not a
    new HMAC object (a third of the time over millions of entries)."""

    def __init__(self, key: bytes) -> None:
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self._inner = hashlib.sha256(block.translate(hmac.trans_36))
        self._outer = hashlib.sha256(block.translate(hmac.trans_5C))

    def hexdigest(self, message: bytes) -> str:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def _digest(entry: AuditEntry, key: bytes | None = None) -> str:
    """Return the entry's HMAC-SHA256: without the key nobody can forge one."""
    return Signer(key or _key()).hexdigest(_entry_message(entry))


def _entry_message(entry: Any) -> bytes:
    ip = entry.ip
    return _canonical(
        entry.seq,
        entry.at.astimezone(dt.UTC).isoformat(),
        entry.event,
        entry.actor_id,
        entry.actor_label,
        entry.school_id,
        entry.subject_type,
        entry.subject_id,
        entry.subject_label,
        _ENCODE(entry.extra),
        entry.correlation_id,
        None if ip is None else str(ip),
        _ENCODE(entry.confidential),
        entry.prev_hash,
    )


def _normal_ip(ip: str | None) -> str | None:
    # As PostgreSQL's inet type gives it back, so the hash reads the same.
    try:
        return ipaddress.ip_address(ip).compressed if ip else None
    except ValueError:
        return None


def _subject(subject: Any) -> tuple[str, str]:
    if subject is None:
        return "", ""
    meta = subject._meta
    return f"{meta.app_label}.{meta.model_name}", str(subject.pk)


def audit_log(
    *,
    event: str,
    actor: Anyone = None,
    subject: Any = None,
    school: Any = None,
    label: str = "",
    extra: dict[str, Any] | None = None,
    about: Iterable[Any] = (),
) -> AuditEntry:
    """Append an entry to the chain and return it.

    Call it inside the service's transaction, so the entry and the change it
    records are saved together or not at all. `about` names further rows the
    entry concerns besides its subject; any confidential ones (and a
    confidential subject) restrict who may read the entry.
    """
    if event not in events.EVENTS:
        raise ValueError(f"unknown audit event {event}")
    ctx = context.current()
    subject_type, subject_id = _subject(subject)
    with transaction.atomic():
        # The head row serialises writers: each entry extends the one before.
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        user = _signed_in(actor)
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
            ip=_normal_ip(ctx.ip),
            confidential=confidential.marks_for(subject, about),
            prev_hash=head.hash,
        )
        entry.hash = _digest(entry)
        entry.save()
        AuditConfidential.objects.bulk_create(
            AuditConfidential(entry=entry, kind=kind, ref=ref)
            for kind, ref in map(confidential.split, entry.confidential)
        )
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def save_audited(
    instance: Any,
    *,
    event: str,
    school: Any,
    actor: Anyone = None,
    extra: dict[str, Any] | None = None,
    update_fields: list[str] | None = None,
) -> None:
    """Validate and save a record, and audit the change in one transaction.

    The entry's subject is the record, labelled as it prints; `update_fields`
    saves only those (a decision on an existing record), else all of it.
    """
    with transaction.atomic():
        instance.full_clean()
        instance.save(update_fields=update_fields)
        audit_log(
            event=event,
            actor=actor,
            subject=instance,
            school=school,
            label=str(instance),
            extra=extra,
        )


@dataclass(frozen=True)
class Item:
    """One entry of `audit_log_many`: what it is about, and its details."""

    subject: Any
    label: str = ""
    extra: dict[str, Any] | None = None


def _signed_in(actor: Anyone) -> User | None:
    """Return the actor when signed in; a visitor and the system are recorded as None."""
    # Only a User is ever signed in: the same test as is_authenticated, typed.
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def audit_log_many(
    *, event: str, actor: Anyone = None, school: Any = None, items: list[Item]
) -> int:
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
    user = _signed_in(actor)
    at = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        signer, entries = Signer(_key()), []
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
                ip=_normal_ip(ctx.ip),
                confidential=confidential.marks_for(item.subject, ()),
                prev_hash=previous,
            )
            entry.hash = previous = signer.hexdigest(_entry_message(entry))
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        AuditConfidential.objects.bulk_create(
            AuditConfidential(entry=entry, kind=kind, ref=ref)
            for entry in entries
            for kind, ref in map(confidential.split, entry.confidential)
        )
        head.seq, head.hash = seq, previous
        head.save(update_fields=["seq", "hash"])
    return len(entries)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    first_bad_seq: int | None = None
    last_hash: str = GENESIS


# The chain is read in chunks this long: few round trips, little memory.
CHUNK = 5000

# PostgreSQL writes an entry's time as `isoformat()` does in UTC (with a
# fraction only where there is one), so verifying makes no datetime per row.
_PG_AT = (
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
    "date_part('microseconds', at)::bigint % 1000000 = 0 THEN '' ELSE "
    "to_char(at AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)


def _rows() -> Iterator[tuple[Any, ...]]:
    """Yield each entry's hashed columns and its hash, in sequence order, as
    `_canonical` takes them (the time as text): a raw read of plain tuples,
    streamed (a server-side cursor on PostgreSQL), with no model instances."""
    columns = [connection.ops.quote_name(c) for c in (*HASHED, "hash")]
    postgres = connection.vendor == "postgresql"
    if postgres:
        columns[AT] = _PG_AT
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    order = connection.ops.quote_name("seq")
    with connection.chunked_cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")  # noqa: S608
        while rows := cursor.fetchmany(CHUNK):
            yield from rows if postgres else map(_sqlite_row, rows)


def _sqlite_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # SQLite keeps the time in UTC without its zone (read as text or as a
    # naive datetime, depending on the connection's converters).
    at = row[AT]
    at = (dt.datetime.fromisoformat(at) if isinstance(at, str) else at).replace(tzinfo=dt.UTC)
    return (*row[:AT], at.isoformat(), *row[AT + 1 :])


def audit_verify() -> VerifyResult:
    """Walk the chain from the start; return where it first stops adding up.

    Each entry's HMAC needs SCHOOLGATE_AUDIT_KEY, kept outside the database,
    so a chain rebuilt by someone with only the database fails at its first
    entry. The heads anchored outside the database (`anchors`) must each be
    found in the chain, so a removed tail or a wiped log fails too.
    """
    signer, anchored = Signer(_key()), anchors.read()
    previous, expected_seq = GENESIS, 1
    for row in _rows():
        problem = _row_problem(row, signer, expected_seq, previous)
        if not problem and row[0] in anchored:
            problem = anchors.mismatch(anchored, row[0], row[-1])
        if problem:
            return VerifyResult(False, expected_seq - 1, problem, expected_seq)
        previous, expected_seq = row[-1], expected_seq + 1
    last = expected_seq - 1
    problem = anchors.beyond(anchored, last) or _head_problem(last, previous)
    if problem:
        return VerifyResult(False, last, problem, expected_seq)
    return VerifyResult(True, last, last_hash=previous)


def _head_problem(last: int, previous: str) -> str:
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.seq != last or head.hash != previous):
        return f"entries after #{last} are missing (the log ended at #{head.seq})"
    return ""


def _row_problem(row: tuple[Any, ...], signer: Signer, expected_seq: int, previous: str) -> str:
    seq, prev_hash, stored = row[0], row[-2], row[-1]
    if seq != expected_seq:
        return f"entry #{expected_seq} is missing (next found is #{seq})"
    if prev_hash != previous:
        return f"entry #{seq} does not follow the entry before it"
    message = _canonical(  # type: ignore[call-arg]  # a row holds them all, in order
        *row[:EXTRA],
        _json_text(row[EXTRA]),
        *row[EXTRA + 1 : CONFIDENTIAL],
        _json_text(row[CONFIDENTIAL]),
        prev_hash,
    )
    if not hmac.compare_digest(signer.hexdigest(message), stored):
        return f"entry #{seq} was changed after it was written"
    return ""


def audit_anchor(*, reason: str, verified: VerifyResult | None = None) -> anchors.Anchor:
    """Write the chain's head to the anchor file (and the DPO's inbox, if set).

    Return the anchor written. Only a chain that verifies is anchored (pass
    the result of a verification just run, or it is run here), so a tampered
    log can never be blessed by anchoring it.
    """
    result = verified or audit_verify()
    if not result.ok:
        raise ValueError(f"The audit log does not verify: {result.problem}")
    return anchors.append(seq=result.checked, hash=result.last_hash, reason=reason)


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
