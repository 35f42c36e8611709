"""The audit log: how long `schoolgate audit verify` takes over 1,000,000 entries.

Target (issue 13, item 9): well under a minute on SQLite, reading the chain
as a stream. The entries are written straight into a fresh database with a
valid keyed chain (not timed); the whole command is timed, process start
included.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", "1000000"))
BATCH = 10_000


def _schoolgate(args: list[str], env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "schoolgate.cli", *args]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def fill(count: int) -> None:
    """Write `count` entries with a valid chain (run inside a configured Django)."""
    import django

    django.setup()
    from django.utils import timezone

    from schoolgate.audit.models import AuditEntry, AuditHead
    from schoolgate.audit.services import GENESIS, _digest, _key

    key, previous, batch = _key(), GENESIS, []
    at = timezone.now().replace(microsecond=0)
    for seq in range(1, count + 1):
        entry = AuditEntry(
            seq=seq,
            at=at,
            event="record.viewed",
            actor_label="Head Teacher",
            subject_type="safeguarding.record",
            subject_id=str(seq % 500),
            subject_label=f"Safeguarding record #{seq % 500}",
            extra={"n": seq},
            correlation_id="c" * 32,
            ip="203.0.113.9",
            confidential=[f"safeguarding.record:{seq % 500}"],
            prev_hash=previous,
        )
        entry.hash = previous = _digest(entry, key)
        batch.append(entry)
        if len(batch) == BATCH:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": count, "hash": previous})


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'audit.sqlite3'}"
        env["CACHE_URL"] = "locmemcache://"
        env["DJANGO_SETTINGS_MODULE"] = "schoolgate.config.settings.local"
        env["SCHOOLGATE_VAR_DIR"] = folder
        _schoolgate(["migrate", "--noinput", "-v", "0"], env)
        started = time.perf_counter()
        code = f"from benchmarks.bench_audit import fill; fill({ENTRIES})"
        subprocess.run([sys.executable, "-c", code], env=env, check=True)  # noqa: S603
        print(f"   wrote {ENTRIES:,} entries in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        _schoolgate(["audit", "verify"], env)
        took = time.perf_counter() - started
        print(f"   audit verify over {ENTRIES:,} entries on SQLite: {took:.1f} s")
