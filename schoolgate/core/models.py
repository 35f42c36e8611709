"""The base model every Schoolgate table builds on, and the routine jobs' log."""

from django.db import models


class TimeStampedModel(models.Model):
    """A row that knows when it was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class JobRun(models.Model):
    """One run of a routine job by `schoolgate schedule`: when, and how it went."""

    command = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    output = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["command", "-started_at"], name="jobrun_latest")]
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return (
            f"{self.command} at {self.started_at:%Y-%m-%d %H:%M} ({'ok' if self.ok else 'failed'})"
        )
