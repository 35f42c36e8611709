"""Each person's choice of when to be emailed, and what waits for a digest."""

from django.conf import settings
from django.db import models

from schoolgate.people.models import School


class Delivery(models.TextChoices):
    NOW = "now", "At once"
    HOURLY = "hourly", "Hourly digest"
    DAILY = "daily", "Daily digest"
    OFF = "off", "Off"


DIGESTS = (Delivery.HOURLY, Delivery.DAILY)


class Preference(models.Model):
    """How one person wants one topic delivered (absent: the topic's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    topic = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="one_preference_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.get_delivery_display()}"


class Notice(models.Model):
    """One line waiting for a person's next digest, then kept as sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    topic = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=[(d.value, d.label) for d in DIGESTS])
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A short line, never a record's content: it sits in the database until sent.
    line = models.CharField(max_length=300)
    link = models.CharField(max_length=500, blank=True)
    # What the line is about ("comment:12"), so the digest can drop stale lines.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["delivery", "sent_at"], name="notice_waiting")]

    def __str__(self) -> str:
        return self.line


class SummarySent(models.Model):
    """A periodic summary sent for a school and period, so it goes out once."""

    kind = models.CharField(max_length=40)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "school", "period_start"], name="one_summary_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.period_start}"
