"""Whoever has only the database cannot cut, wipe or rebuild the audit log
unnoticed (issue 13, item 9).

The chain is keyed by SCHOOLGATE_AUDIT_KEY, which is not in the database,
and its head is anchored in a file outside it; `audit verify` fails, naming
what is missing, after each attack below, done through raw SQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from schoolgate.audit.models import AuditEntry, AuditHead
from schoolgate.audit.services import GENESIS, audit_log

ENTRIES = connection.ops.quote_name(AuditEntry._meta.db_table)
HEAD = connection.ops.quote_name(AuditHead._meta.db_table)


@pytest.fixture
def anchor_file(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.SCHOOLGATE_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")
    return tmp_path / "audit-anchors.log"


@pytest.fixture
def anchored(db, anchor_file):  # type: ignore[no-untyped-def]
    """Return a log of six entries whose head was anchored by `audit verify`."""
    for n in range(1, 7):
        audit_log(event="demo.loaded", extra={"n": n})
    assert verify().strip() == "6 entries verified."
    return anchor_file


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def broken() -> str:
    with pytest.raises(CommandError) as caught:
        verify()
    assert caught.value.returncode == 1
    return str(caught.value)


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(entries=ENTRIES, head=HEAD), params or [])


def test_verify_anchors_the_head_outside_the_database(anchored):
    lines = anchored.read_text().splitlines()
    last = AuditEntry.objects.get(seq=6)
    assert lines[-1].split("\t")[1:3] == ["6", last.hash]
    # The log grows past its anchor and still verifies.
    audit_log(event="demo.loaded", extra={"n": 7})
    assert verify().strip() == "7 entries verified."


def test_it_names_the_newest_entries_deleted_with_the_head_row(anchored):
    sql("DELETE FROM {entries} WHERE seq >= %s", [5])
    sql("UPDATE {head} SET seq = %s, hash = %s", [4, AuditEntry.objects.get(seq=4).hash])
    error = broken()
    assert "entries #5 to #6 are missing" in error
    assert "the log reached #6" in error


def test_it_names_a_wiped_log(anchored):
    sql("DELETE FROM {entries}")
    sql("DELETE FROM {head}")
    error = broken()
    assert "the log is empty, but on" in error
    assert "it held 6 entries" in error


def _unkeyed_digest(entry: AuditEntry, previous: str) -> str:
    """Return the plain SHA-256 the chain used before it was keyed: anyone
    with the database can compute it."""
    from django.core.serializers.json import DjangoJSONEncoder

    body = {
        "seq": entry.seq, "at": entry.at.isoformat(), "event": entry.event,
        "actor": entry.actor_id, "actor_label": entry.actor_label, "school": entry.school_id,
        "subject_type": entry.subject_type, "subject_id": entry.subject_id,
        "subject_label": entry.subject_label, "extra": entry.extra,
        "correlation_id": entry.correlation_id, "ip": entry.ip, "prev": previous,
    }  # fmt: skip
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain_rebuild() -> None:
    """Rewrite entry #2 and rebuild the chain after it, as someone with only
    the database would: with the unkeyed digest."""
    previous = GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        if entry.seq == 2:
            entry.extra = {"n": 0}
        digest = _unkeyed_digest(entry, previous)
        sql(
            "UPDATE {entries} SET extra = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [json.dumps(entry.extra), previous, digest, entry.seq],
        )
        previous = digest
    sql("UPDATE {head} SET hash = %s", [previous])


def test_it_names_the_first_entry_of_a_chain_rebuilt_without_the_key(anchored):
    _plain_rebuild()
    assert "broken at entry #1: entry #1 was changed after it was written" in broken()


def test_a_chain_rebuilt_with_another_key_fails(anchored, settings):
    # Even with a key of their own, a rebuilt chain does not match the anchors.
    from schoolgate.audit.services import _digest

    settings.SCHOOLGATE_AUDIT_KEY = "someone-elses-key-of-sufficient-length-000"
    previous = GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        entry.prev_hash = previous
        entry.hash = previous = _digest(entry)
        sql(
            "UPDATE {entries} SET prev_hash = %s, hash = %s WHERE seq = %s",
            [entry.prev_hash, entry.hash, entry.seq],
        )
    sql("UPDATE {head} SET hash = %s", [previous])
    assert "entry #6 is not the one anchored outside the database" in broken()


def test_a_wiped_log_without_the_key_cannot_be_restarted(anchored):
    sql("DELETE FROM {entries}")
    sql("DELETE FROM {head}")
    audit_log(event="demo.loaded")  # a fresh start written through the app
    assert "entries #2 to #6 are missing" in broken() or "entry #1 is not the one" in broken()


def test_the_anchor_is_emailed_where_configured(anchored, settings):
    settings.SCHOOLGATE_AUDIT_ANCHOR_EMAIL = ["dpo@larkspur.test"]
    mail.outbox.clear()
    call_command("audit", "anchor", stdout=io.StringIO())
    [sent] = mail.outbox
    assert sent.to == ["dpo@larkspur.test"]
    assert AuditEntry.objects.get(seq=6).hash in sent.body
    assert anchored.read_text().splitlines()[-1].split("\t")[3] == "daily"


# ---------------------------------------------------------------------------
# Verifying fast reads the chain exactly as it was written
# ---------------------------------------------------------------------------


def _as_defined(entry: AuditEntry) -> str:
    """Return the entry's HMAC as the chain defines it: `json.dumps` of the
    hashed columns (time as UTC ISO 8601) under `hmac.new`; the fast verifier
    must agree with this for every kind of value."""
    import hmac

    from schoolgate.audit.services import HASHED, _key

    values = [getattr(entry, name) for name in HASHED]
    values[HASHED.index("at")] = entry.at.astimezone(dt.UTC).isoformat()
    text = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


AWKWARD = [
    {"extra": {"zeta": 1, "alpha": [1.5, None, True], "naïve": {"b": "\u00e9", "a": '\n\t"'}}},
    {"actor_label": 'Zoë O\'Brien "the head"', "subject_label": "café ☕ \x01 \\ /"},
    {"ip": "203.0.113.9", "correlation_id": "c" * 32},
    {"ip": "2001:db8::1", "confidential": ["safeguarding.record:4", "registers.concern:9"]},
    {"extra": {"n": 2**40, "neg": -3, "f": 0.1}, "subject_id": "٣"},
    {"extra": [], "confidential": []},
]


@pytest.fixture
def awkward_chain(db, personas):  # type: ignore[no-untyped-def]
    """Write entries with every kind of value, hashed by the definition, with
    times that have fractions of a second and times that have none."""
    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    previous = GENESIS
    for seq, fields in enumerate(AWKWARD, start=1):
        entry = AuditEntry(
            seq=seq,
            at=now + dt.timedelta(microseconds=123456 * (seq % 2), seconds=seq),
            event="record.viewed",
            actor=personas.head if seq % 2 else None,
            school=personas.school if seq % 3 else None,
            prev_hash=previous,
            **fields,
        )
        entry.hash = previous = _as_defined(entry)
        entry.save()
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": len(AWKWARD), "hash": previous})


def test_entries_with_every_kind_of_value_verify(awkward_chain):
    assert verify().strip() == f"{len(AWKWARD)} entries verified."


def test_the_log_goes_on_from_an_awkward_entry_and_still_verifies(awkward_chain):
    audit_log(event="demo.loaded", extra={"ü": "ß"})
    assert verify().strip() == f"{len(AWKWARD) + 1} entries verified."


@pytest.mark.parametrize(
    ("seq", "column", "value"),
    [
        (1, "extra", json.dumps({"zeta": 1, "alpha": [1.5, None, True]})),
        (2, "subject_label", "cafe ☕ \x01 \\ /"),
        (3, "at", None),
        (4, "confidential", json.dumps(["safeguarding.record:4"])),
    ],
)
def test_a_change_to_any_awkward_value_is_named(awkward_chain, seq, column, value):
    if column == "at":
        entry = AuditEntry.objects.get(seq=seq)
        AuditEntry.objects.filter(seq=seq).update(at=entry.at + dt.timedelta(microseconds=1))
    else:
        sql(f"UPDATE {{entries}} SET {column} = %s WHERE seq = %s", [value, seq])  # noqa: S608
    assert f"broken at entry #{seq}: entry #{seq} was changed after it was written" in broken()


# ---------------------------------------------------------------------------
# Existing chains: re-keyed at migrate time
# ---------------------------------------------------------------------------

BEFORE = [("audit", "0001_initial")]
AFTER = [("audit", "0002_keyed_chain_and_confidential_marks")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_chain(apps, count: int, *, tamper_at: int | None = None) -> None:  # type: ignore[no-untyped-def]
    """Write a chain as the code before keying did: plain SHA-256."""
    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils import timezone

    entry_model = apps.get_model("audit", "AuditEntry")
    previous = GENESIS
    for seq in range(1, count + 1):
        entry = entry_model(
            seq=seq,
            at=timezone.now().replace(microsecond=0),
            event="demo.loaded",
            extra={"n": seq},
            prev_hash=previous,
        )
        body = {
            "seq": seq,
            "at": entry.at.isoformat(),
            "event": entry.event,
            "actor": None,
            "actor_label": "",
            "school": None,
            "subject_type": "",
            "subject_id": "",
            "subject_label": "",
            "extra": entry.extra,
            "correlation_id": "",
            "ip": None,
            "prev": previous,
        }
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
        entry.hash = previous = hashlib.sha256(text.encode()).hexdigest()
        if seq == tamper_at:
            entry.extra = {"n": -1}
        entry.save()
    apps.get_model("audit", "AuditHead").objects.create(pk=1, seq=count, hash=previous)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper_at", [None, 2])
def test_an_existing_chain_is_rekeyed_at_migrate_time(tamper_at):
    try:
        _old_chain(_migrate(BEFORE), 3, tamper_at=tamper_at)
        _migrate(AFTER)
        rekeyed = AuditEntry.objects.get(seq=4)
        assert rekeyed.event == "audit.rekeyed"
        expected = "verified" if tamper_at is None else "broken at #2"
        assert rekeyed.extra["entries"] == 3
        assert rekeyed.extra["old_chain"].startswith(expected)
        assert verify().strip() == "4 entries verified."
    finally:
        _migrate(_latest())


def _latest():  # type: ignore[no-untyped-def]
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).graph.leaf_nodes()
