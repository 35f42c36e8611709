"""`schoolgate audit verify` after tampering through raw SQL, as an attacker would."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from schoolgate.audit.models import AuditEntry
from schoolgate.audit.services import _digest, audit_log

TABLE = connection.ops.quote_name(AuditEntry._meta.db_table)


@pytest.fixture
def chain(db: None) -> list[AuditEntry]:
    """Return a chain of five entries."""
    return [audit_log(event="demo.loaded", extra={"n": n}) for n in range(1, 6)]


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def broken_message() -> CommandError:
    with pytest.raises(CommandError) as caught:
        verify()
    assert caught.value.returncode == 1
    return caught.value


def raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)


def test_it_verifies_an_intact_chain(chain):
    assert verify().strip() == "5 entries verified."


def test_it_verifies_an_empty_log(db):
    assert verify().strip() == "0 entries verified."


def test_it_names_an_entry_whose_extra_was_changed(chain):
    raw("UPDATE {table} SET extra = %s WHERE seq = %s", ['{"n": 99}', 3])
    error = broken_message()
    assert "broken at entry #3: entry #3 was changed after it was written" in str(error)
    assert "The 2 entries before it verified" in str(error)


def test_it_names_an_entry_whose_event_was_changed(chain):
    raw("UPDATE {table} SET event = %s WHERE seq = %s", ["auth.login", 2])
    assert "broken at entry #2: entry #2 was changed" in str(broken_message())


def test_it_names_a_middle_entry_that_was_deleted(chain):
    raw("DELETE FROM {table} WHERE seq = %s", [3])
    assert "broken at entry #3: entry #3 is missing (next found is #4)" in str(broken_message())


def test_it_notices_the_last_entry_was_deleted(chain):
    raw("DELETE FROM {table} WHERE seq = %s", [5])
    error = str(broken_message())
    assert "broken at entry #5: entries after #4 are missing (the log ended at #5)" in error


def test_it_notices_a_rewritten_entry_with_a_recomputed_hash(chain):
    # Whoever rewrites an entry and recomputes its hash still breaks the next link.
    entry = AuditEntry.objects.get(seq=2)
    entry.extra = {"n": 99}
    raw(
        "UPDATE {table} SET extra = %s, hash = %s WHERE seq = %s", ['{"n": 99}', _digest(entry), 2]
    )
    assert "broken at entry #3: entry #3 does not follow the entry before it" in str(
        broken_message()
    )
