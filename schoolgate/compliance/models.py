"""Policy versions, staff sign-off, training records and reminders sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel


class PolicyVersion(TimeStampedModel):
    """One approved version of a school's policy document (C1.3, C1.4).

    `text` is the document as it was rendered when the version was approved,
    so that what staff signed can always be shown again; `digest` fingerprints
    the rules behind it, to tell when the policy has changed since.
    """

    school = models.ForeignKey(
        "people.School", on_delete=models.CASCADE, related_name="policy_versions"
    )
    number = models.PositiveIntegerField()
    approved_on = models.DateField()
    signatory = models.CharField(max_length=200, help_text="Who signed the policy off.")
    note = models.CharField(max_length=500, blank=True, help_text="What changed, and why.")
    text = models.TextField()
    digest = models.CharField(max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="one_policy_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="policy_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.school} policy, version {self.number}"


class SignOff(TimeStampedModel):
    """A member of staff's answer to a policy version: signed, or a query."""

    class Status(models.TextChoices):
        SIGNED = "signed", "Signed"
        QUERY = "query", "Query raised"

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="signoffs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_signoffs"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    question = models.TextField(blank=True)
    answered_at = models.DateTimeField()
    # The head's reply to a query; the person is then asked to sign again.
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_signoff_per_version"),
            models.CheckConstraint(
                condition=Q(status="signed") | ~Q(question=""),
                name="signoff_query_has_question",
            ),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True)
                | (Q(replied_by__isnull=False) & ~Q(reply="")),
                name="signoff_reply_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_status_display()} — {self.version}"


class TrainingSession(TimeStampedModel):
    """A training or online-safety session held for staff, a class or parents (C6.2)."""

    class Audience(models.TextChoices):
        STAFF = "staff", "Staff"
        PUPILS = "pupils", "Pupils (one class)"
        PARENTS = "parents", "Parents and carers"

    school = models.ForeignKey(
        "people.School", on_delete=models.CASCADE, related_name="training_sessions"
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    class_name = models.CharField("class", max_length=60, blank=True)
    parents_attending = models.PositiveIntegerField(default=0)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_attended"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="pupils") | ~Q(class_name=""),
                name="pupil_session_names_class",
            ),
        ]
        indexes = [models.Index(fields=["school", "audience", "held_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %b %Y})"


class SavedCheck(TimeStampedModel):
    """A self-check its person asked to keep (C5.5); nobody else reads it.

    Nothing pasted into the self-check is stored unless the person ticks
    "save"; a photo is never stored, only how many faces it showed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_checks"
    )
    school = models.ForeignKey("people.School", on_delete=models.CASCADE, related_name="+")
    handle = models.CharField(max_length=200, blank=True)
    profile_text = models.TextField(blank=True)
    post = models.TextField(blank=True)
    posting_at = models.DateTimeField(null=True, blank=True)
    faces = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "school", "created_at"])]

    def __str__(self) -> str:
        return f"Self-check of {self.created_at:%d %b %Y %H:%M}"


class Reminder(models.Model):
    """A reminder email sent, so that a task run twice never sends it twice.

    `key` says what it was about: the review date for a review reminder, the
    version number for a sign-off reminder.
    """

    class Kind(models.TextChoices):
        REVIEW = "review", "Policy review due"
        SIGNOFF = "signoff", "Policy not yet signed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    school = models.ForeignKey("people.School", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "school", "key"],
                condition=Q(kind="review"),
                name="one_review_reminder_per_date",
            ),
        ]
        indexes = [models.Index(fields=["kind", "school", "user", "key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.school} — {self.key}"
