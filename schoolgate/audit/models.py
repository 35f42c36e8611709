"""The append-only, hash-chained audit log (C9.1)."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One thing that happened.

    `actor` is the user who acted (empty for the system or a command run with
    no user); `actor_label` keeps how they were shown at the time, so the entry
    still reads right if the account is later removed. `subject_type` and
    `subject_id` name the row acted on ("people.pupil", "42"); `subject_label`
    is a masked description safe to show in the log. `confidential` names
    the confidential records the entry is about ("safeguarding.record:4"):
    the entry is shown only to those who may open every one of them.
    `hash` is an HMAC, keyed by SCHOOLGATE_AUDIT_KEY, of every other field
    and the previous entry's hash.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    event = models.CharField(max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    school = models.ForeignKey(
        "people.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    correlation_id = models.CharField(max_length=32, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    confidential = models.JSONField(default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "event", "at"]),
            # How the school's log pages read: newest first, all of it or
            # one event or one person's; never through the trust-wide sequence.
            models.Index(fields=["school", "-seq"], name="audit_school_seq"),
            models.Index(fields=["school", "event", "-seq"], name="audit_school_event_seq"),
            models.Index(fields=["school", "actor", "-seq"], name="audit_school_actor_seq"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.event} by {self.actor_label or 'system'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Audit entries are never deleted.")


class AuditConfidential(models.Model):
    """One confidential record an entry is about: the index the log's readers
    are filtered through (the entry's own `confidential` list is what its hash
    covers)."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="marks")
    kind = models.CharField(max_length=80)
    ref = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "ref"])]

    def __str__(self) -> str:
        return f"#{self.entry_id} is about {self.kind}:{self.ref}"


class AuditHead(models.Model):
    """The chain's last sequence number and hash, so a removed tail shows."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head at #{self.seq}"
