"""`schoolgate backup` and `restore`: the demo trust goes out and comes back whole."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from schoolgate.audit.services import audit_verify
from schoolgate.core.backup import RestoreRefused, backed_up_models, backup_restore, backup_write
from schoolgate.people import demo
from schoolgate.safeguarding.models import Evidence, Record
from schoolgate.safeguarding.services import evidence_open
from schoolgate.safeguarding.tests.factories import PNG, make_evidence, make_record


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def _empty_everything() -> None:
    """Leave an empty database and an empty file store, as on a new machine."""
    for item in Evidence.objects.all():
        item.blob.storage.delete(item.blob.name)
    if connection.vendor == "postgresql":
        # The test's own transaction holds deferred checks that TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_with_evidence(db: None) -> Evidence:
    demo.demo_load()
    record = Record.objects.order_by("pk").first()
    return make_evidence(record, record.reporter, data=PNG + b"the-original-bytes")


def test_the_demo_round_trips_with_evidence_that_still_decrypts_and_a_chain_that_verifies(
    demo_with_evidence, tmp_path
):
    evidence = demo_with_evidence
    before = _counts()
    archive = tmp_path / "backup.zip"
    summary = backup_write(archive)
    assert summary.total_rows == sum(before.values())
    names = zipfile.ZipFile(archive).namelist()
    assert f"files/safeguarding.evidence.blob/{evidence.blob.name}" in names
    assert not any(PNG + b"the-original-bytes" in zipfile.ZipFile(archive).read(n) for n in names)

    _empty_everything()
    assert _counts()["people.school"] == 0

    restored = backup_restore(archive)
    assert _counts() == before
    assert restored.files >= 1
    assert audit_verify().ok
    again = Evidence.objects.get(pk=evidence.pk)
    assert evidence_open(item=again, actor=again.uploaded_by) == PNG + b"the-original-bytes"
    head = apps.get_model("people", "School").objects.get(slug="puddlecombe")
    assert head.name == "Puddlecombe Primary School"
    head_user = get_user_model().objects.get(email="head@puddlecombe.demo.test")
    assert head_user.check_password("schoolgate-demo")


@pytest.fixture
def small_school_with_evidence(personas) -> Evidence:
    record = make_record(personas.school, personas.dsl)
    return make_evidence(record, personas.dsl)


def test_restore_refuses_a_database_that_holds_a_trust(small_school_with_evidence, tmp_path):
    archive = tmp_path / "backup.zip"
    backup_write(archive)
    with pytest.raises(RestoreRefused, match="already holds a trust"):
        backup_restore(archive)


def test_restore_refuses_other_keys_and_names_the_one_to_set(
    small_school_with_evidence, tmp_path, settings
):
    archive = tmp_path / "backup.zip"
    backup_write(archive)
    _empty_everything()
    settings.SCHOOLGATE_EVIDENCE_KEY = "a-different-evidence-key-of-enough-length-000"
    with pytest.raises(RestoreRefused, match="SCHOOLGATE_EVIDENCE_KEY it was made with"):
        backup_restore(archive)


def test_the_commands_say_what_they_did_and_refuse_a_file_that_is_not_a_backup(db, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.zip"), stdout=out)
    assert "Wrote" in out.getvalue() and "SCHOOLGATE_EVIDENCE_KEY" in out.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(tmp_path / "b.zip"), stdout=io.StringIO())
    (tmp_path / "other.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    with pytest.raises(CommandError, match="not a Schoolgate backup"):
        call_command("restore", str(tmp_path / "other.zip"), stdout=io.StringIO())


def test_a_large_table_goes_out_and_comes_back_in_chunks(
    small_school_with_evidence, tmp_path, monkeypatch
):
    # A trust's audit trail can hold millions of rows: each model is written
    # and read back a chunk at a time, never as one document.
    monkeypatch.setattr("schoolgate.core.backup.CHUNK_ROWS", 3)
    before = _counts()
    largest = max(before, key=before.__getitem__)
    assert before[largest] > 3
    archive = tmp_path / "backup.zip"
    backup_write(archive)
    names = zipfile.ZipFile(archive).namelist()
    chunks = [n for n in names if n.startswith("data/") and f"-{largest}/" in n]
    assert len(chunks) == -(-before[largest] // 3)

    _empty_everything()
    backup_restore(archive)
    assert _counts() == before
    assert audit_verify().ok
