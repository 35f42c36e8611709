"""Key the audit chain (HMAC) and mark entries about confidential records.

Existing entries were chained with plain SHA-256, which anyone with the
database can recompute. This migration checks that old chain as it walks
it, re-signs every entry with an HMAC keyed by SCHOOLGATE_AUDIT_KEY, and
appends an `audit.rekeyed` entry saying how many entries were re-keyed and
whether the old chain verified (where it did not, the first bad entry is
named, so re-keying never hides earlier tampering).
"""

import datetime
import hashlib
import hmac
import json

import django.db.models.deletion
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models
from django.utils import timezone

GENESIS = "0" * 64
BATCH = 2000


def _sha256(entry):
    """The digest before keying: SHA-256 of a sorted JSON object."""
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


def _hmac_with(key):
    """The keyed digest, as schoolgate.audit.services._digest computes it."""

    def digest(entry):
        values = [
            entry.seq,
            entry.at.astimezone(datetime.UTC).isoformat(),
            entry.event,
            entry.actor_id,
            entry.actor_label,
            entry.school_id,
            entry.subject_type,
            entry.subject_id,
            entry.subject_label,
            entry.extra,
            entry.correlation_id,
            entry.ip,
            entry.confidential,
            entry.prev_hash,
        ]
        message = json.dumps(values, sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    return digest


def _key():
    secret = getattr(settings, "SCHOOLGATE_AUDIT_KEY", None)
    if not secret:
        raise ImproperlyConfigured("Set SCHOOLGATE_AUDIT_KEY before migrating the audit log.")
    return hashlib.sha256(b"schoolgate-audit-chain:" + secret.encode()).digest()


def _rehash(Entry, Head, old, new):
    """Re-sign every entry with `new`, checking the chain under `old`; return
    (how many, the first problem found under `old` or "")."""
    previous_old, previous_new, count, problem, batch = GENESIS, GENESIS, 0, "", []
    for entry in Entry.objects.order_by("seq").iterator(chunk_size=BATCH):
        count += 1
        if not problem and (entry.seq != count or entry.prev_hash != previous_old):
            problem = f"broken at #{count}: an entry is missing or out of order"
        if not problem and old(entry) != entry.hash:
            problem = f"broken at #{entry.seq}: the entry was changed after it was written"
        previous_old = entry.hash
        entry.prev_hash = previous_new
        entry.hash = previous_new = new(entry)
        batch.append(entry)
        if len(batch) >= BATCH:
            Entry.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    Entry.objects.bulk_update(batch, ["prev_hash", "hash"])
    Head.objects.update_or_create(pk=1, defaults={"seq": count, "hash": previous_new})
    return count, problem


def rekey(apps, schema_editor):
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    if not Entry.objects.exists():
        return
    sign = _hmac_with(_key())
    count, problem = _rehash(Entry, Head, _sha256, sign)
    head = Head.objects.get(pk=1)
    entry = Entry(
        seq=head.seq + 1,
        at=timezone.now().replace(microsecond=0),
        event="audit.rekeyed",
        extra={"entries": count, "old_chain": problem or "verified"},
        confidential=[],
        prev_hash=head.hash,
    )
    entry.hash = sign(entry)
    entry.save()
    Head.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)


def unkey(apps, schema_editor):
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    if Entry.objects.exists():
        _rehash(Entry, Head, _hmac_with(_key()), _sha256)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="confidential",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.CreateModel(
            name="AuditConfidential",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=80)),
                ("ref", models.BigIntegerField()),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="marks",
                        to="audit.auditentry",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["kind", "ref"], name="audit_audit_kind_4385ca_idx")],
            },
        ),
        migrations.RunPython(rekey, unkey),
    ]
