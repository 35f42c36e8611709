"""Back up a whole installation to one archive, and restore it into an empty one.

`schoolgate backup OUT.zip` writes a ZIP holding:

- `manifest.json`: the format, when and from what it was made, the rows of
  each model, every stored file (its field, name, size and SHA-256, and
  whether its bytes are inside), and a fingerprint of each key the data needs.
  The keys themselves are never written: keep them apart, as the README says.
- `data/NNN-app.model/CCCCCC.json`: each model's rows in dependency order, in
  chunks of at most CHUNK_ROWS rows, as Django's serialisers give them, with
  times kept to the microsecond (the audit trail's hashes cover them). Rows are
  read, written and restored a chunk at a time, so a trust with millions of
  audit entries needs no more memory than a small one.
- `files/app.model.field/NAME`: the bytes of every file kept on this machine
  (photos, renditions, encrypted safeguarding evidence, exactly as stored).
  A file in an object store (Azure Blob, S3) is listed, not copied: the store
  keeps its own copies and versions.

`schoolgate restore IN.zip` migrates an empty database, loads the rows and the
files, and refuses a database that already holds a trust, or keys that differ
from the ones the backup was made with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage, Storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

FORMAT = "schoolgate-backup/2"
#: Older archives this version restores: format 1 held each model in one member.
READABLE_FORMATS = ("schoolgate-backup/1", FORMAT)
CHUNK_ROWS = 2000
#: Made afresh by `migrate` on the new database; rows that point at them are
#: written with natural keys, so they find the new ones.
SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
#: The settings whose secrets the data needs, and what each one opens.
KEYS = {
    "SCHOOLGATE_EVIDENCE_KEY": "safeguarding evidence",
    "SCHOOLGATE_CHANNEL_KEY": "social channels' credentials",
    "SCHOOLGATE_AUDIT_KEY": "the audit trail's chain",
}
#: Storages whose bytes live on this machine (or in this process) and so go
#: into the archive.
LOCAL_STORAGES = (FileSystemStorage, InMemoryStorage)

Progress = Callable[[str], None]


class RestoreRefused(Exception):
    """The archive cannot be restored here; the message says why and what to do."""


@dataclass
class Summary:
    """What a backup or a restore did."""

    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    listed_files: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def key_fingerprints() -> dict[str, str]:
    """Return a short fingerprint of each key that is set (never the key)."""
    prints = {}
    for name in KEYS:
        secret = getattr(settings, name, None)
        if secret:
            digest = hashlib.sha256(f"schoolgate key fingerprint\0{name}\0{secret}".encode())
            prints[name] = digest.hexdigest()[:16]
    return prints


def backed_up_models() -> list[type[models.Model]]:
    """Return every model whose rows go into a backup, in dependency order."""
    app_list: dict[Any, list[type[models.Model]] | None] = {}
    for config in apps.get_app_configs():
        kept = [m for m in config.get_models() if _wanted(m)]
        if kept:
            app_list[config] = kept
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def _wanted(model: type[models.Model]) -> bool:
    meta = model._meta
    return meta.label_lower not in SKIPPED and not meta.proxy and meta.managed


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]


class _Encoder(json.JSONEncoder):
    """JSON with times to the microsecond (Django's own rounds to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.date | dt.time):
            return o.isoformat()
        return str(o)  # Decimal; the field reads it back


def backup_write(path: Path, *, progress: Progress = lambda _: None) -> Summary:
    """Write the whole installation to a ZIP archive at `path`; return what went in."""
    summary = Summary()
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, model in enumerate(backed_up_models()):
            label = model._meta.label_lower
            count = 0
            for part, rows in enumerate(_chunks(model)):
                member = f"data/{number:03d}-{label}/{part:06d}.json"
                archive.writestr(member, json.dumps(rows, cls=_Encoder))
                count += len(rows)
            summary.rows[label] = count
            files += _write_files(archive, model, summary)
            progress(f"{label}: {count} rows")
        manifest = {
            "format": FORMAT,
            "made_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": connection.vendor,
            "rows": summary.rows,
            "files": files,
            "keys": key_fingerprints(),
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
    return summary


def _chunks(model: type[models.Model]) -> Iterator[list[dict[str, Any]]]:
    """Yield the model's rows, serialised, CHUNK_ROWS at a time."""
    queryset = model._default_manager.order_by(model._meta.pk.name)
    objects = queryset.iterator(chunk_size=CHUNK_ROWS)
    while chunk := list(islice(objects, CHUNK_ROWS)):
        yield serializers.serialize("python", chunk, use_natural_foreign_keys=True)


def _write_files(
    archive: zipfile.ZipFile, model: type[models.Model], summary: Summary
) -> list[dict[str, Any]]:
    listed = []
    for file_field in _file_fields(model):
        where = f"{model._meta.label_lower}.{file_field.name}"
        names = model._default_manager.exclude(**{file_field.name: ""}).values_list(
            file_field.name, flat=True
        )
        for name in names.iterator():
            listed.append(_write_file(archive, file_field.storage, where, name, summary))
    return listed


def _write_file(
    archive: zipfile.ZipFile, storage: Storage, where: str, name: str, summary: Summary
) -> dict[str, Any]:
    entry: dict[str, Any] = {"field": where, "name": name, "inside": False}
    if not isinstance(storage, LOCAL_STORAGES):
        summary.listed_files += 1
        return entry
    if not storage.exists(name):
        return {**entry, "missing": True}
    with storage.open(name, "rb") as handle:
        data = handle.read()
    archive.writestr(f"files/{where}/{name}", data)
    summary.files += 1
    return {**entry, "inside": True, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def backup_restore(path: Path, *, progress: Progress = lambda _: None) -> Summary:
    """Restore the archive at `path` into this (empty) installation; return what came back."""
    with zipfile.ZipFile(path) as archive:
        manifest = _manifest(archive)
        _check_keys(manifest.get("keys", {}))
        call_command("migrate", interactive=False, verbosity=0)
        _check_empty()
        summary = Summary()
        with transaction.atomic():
            loaded = _load_rows(archive, summary, progress)
            _reset_sequences(loaded)
            summary.files = _restore_files(archive, manifest["files"])
        return summary


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise RestoreRefused("This is not a Schoolgate backup: it has no manifest.") from None
    if manifest.get("format") not in READABLE_FORMATS:
        raise RestoreRefused(
            f"This backup's format is {manifest.get('format')!r}; this Schoolgate reads {FORMAT}."
        )
    return manifest


def _check_keys(needed: dict[str, str]) -> None:
    here = key_fingerprints()
    for name, fingerprint in needed.items():
        if here.get(name) != fingerprint:
            state = "is not set" if name not in here else "differs from the one it was made with"
            raise RestoreRefused(
                f"This backup's {KEYS[name]} needs the {name} it was made with, and the "
                f"{name} here {state}. Set it from where the keys are kept, then restore again."
            )


def _check_empty() -> None:
    from schoolgate.people.models import Trust

    if Trust.objects.exists():
        raise RestoreRefused(
            "This database already holds a trust. Restore into an empty database "
            "(a new DATABASE_URL, or a new SQLite file), so nothing is overwritten."
        )


def _load_rows(
    archive: zipfile.ZipFile, summary: Summary, progress: Progress
) -> list[type[models.Model]]:
    loaded: list[type[models.Model]] = []
    if connection.vendor == "postgresql":
        # Rows point at rows further on (no natural order covers every model):
        # check the keys once, at the end, as SQLite does below.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    with connection.constraint_checks_disabled():
        for label, members in _data_members(archive):
            count = 0
            for name in members:
                rows = json.loads(archive.read(name))
                for obj in serializers.deserialize("python", rows, handle_forward_references=True):
                    obj.save()
                    count += 1
                    if not loaded or loaded[-1] is not type(obj.object):
                        loaded.append(type(obj.object))
            summary.rows[label] = count
            progress(f"{label}: {count} rows")
    connection.check_constraints()
    return loaded


def _data_members(archive: zipfile.ZipFile) -> list[tuple[str, list[str]]]:
    """Return each model's label with its data members in order.

    Format 2 keeps a model in chunks (`data/NNN-label/CCCCCC.json`), format 1
    in one member (`data/NNN-label.json`).
    """
    grouped: dict[str, list[str]] = {}
    for name in sorted(n for n in archive.namelist() if n.startswith("data/")):
        folder = name.removeprefix("data/").split("/", 1)[0].removesuffix(".json")
        grouped.setdefault(folder, []).append(name)
    return [(folder.split("-", 1)[1], members) for folder, members in grouped.items()]


def _reset_sequences(loaded: Iterable[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_files(archive: zipfile.ZipFile, files: list[dict[str, Any]]) -> int:
    restored = 0
    for entry in _inside(files):
        app_model, _, field_name = entry["field"].rpartition(".")
        model = apps.get_model(app_model)
        storage = model._meta.get_field(field_name).storage
        data = archive.read(f"files/{entry['field']}/{entry['name']}")
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise RestoreRefused(f"The backup's copy of {entry['name']} is damaged.")
        saved = storage.save(entry["name"], ContentFile(data))
        if saved != entry["name"]:
            raise RestoreRefused(f"{entry['name']} already exists in the file store.")
        restored += 1
    return restored


def _inside(files: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    return (entry for entry in files if entry.get("inside"))
