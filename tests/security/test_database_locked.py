"""Denial of service by a long import: a sign-in waits for the database, never a 500.

Issue 13 item 14: during a 50,000-row import on SQLite a sign-in failed with
"database is locked". Imports commit every `BATCH` rows, and the SQLite
settings (`SQLITE_OPTIONS`: IMMEDIATE transactions, a busy timeout) make a
second writer wait for the commit instead of failing. A sign-in reads (the
user) and then writes (the session, the last sign-in): in a deferred
transaction that upgrade fails at once while an import holds the write lock.
"""

import threading

import pytest
from django.db import connections, transaction

from schoolgate.config.settings.base import SQLITE_OPTIONS

ALIAS = "locked_test"


@pytest.fixture
def file_database(tmp_path, monkeypatch, django_db_blocker):
    """A file-based SQLite database under the project's SQLite options."""
    database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "locked.sqlite3"),
        "OPTIONS": dict(SQLITE_OPTIONS),
    }
    settings = connections.configure_settings({"default": database, ALIAS: dict(database)})
    monkeypatch.setitem(connections.settings, ALIAS, settings[ALIAS])
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE person (email TEXT PRIMARY KEY, signed_in INTEGER)")
            cursor.execute("CREATE TABLE pupil (mis_id TEXT)")
            cursor.execute("INSERT INTO person VALUES ('head@school.test', 0)")
        yield
        connections[ALIAS].close()


def _import_batch(holding: threading.Event, release: threading.Event) -> None:
    """Write a batch of pupils in one transaction, holding it until released."""
    try:
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.executemany("INSERT INTO pupil VALUES (%s)", [(f"P{n}",) for n in range(1000)])
            holding.set()
            release.wait(5)
    finally:
        connections[ALIAS].close()


def test_a_sign_in_waits_for_an_import_batch_to_commit_instead_of_failing(file_database):
    holding, release = threading.Event(), threading.Event()
    importer = threading.Thread(target=_import_batch, args=(holding, release))
    importer.start()
    assert holding.wait(10)
    # Let the batch commit a moment after the sign-in has started waiting.
    threading.Timer(0.5, release.set).start()

    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT signed_in FROM person WHERE email = 'head@school.test'")
        (count,) = cursor.fetchone()
        cursor.execute("UPDATE person SET signed_in = %s", [count + 1])
    importer.join(10)

    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pupil")
        assert cursor.fetchone() == (1000,)
        cursor.execute("SELECT signed_in FROM person")
        assert cursor.fetchone() == (1,)
