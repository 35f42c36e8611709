"""The photo-consent register (C3.3) and staff permission for photos (C3.4).

Answers are never edited: a new answer from the same parent for the same use
supersedes the one before (`superseded_at` is set), so the history of every
answer stays on record. Expiry is not stored: it follows from `given_on` and
the school's policy (`consent.photo.expiry_months`), so a change of policy
applies at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Parent, Pupil, School, StaffMember


class Use(models.TextChoices):
    """What a photo is used for; the same codes as the rule's `uses` parameter."""

    BLOG = "blog", "School blog"
    SOCIAL = "social", "Social media"
    PRESS = "press", "Press"
    WEBSITE = "website", "Website"


class Answer(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Method(models.TextChoices):
    """How an answer reached the school: the evidence behind it."""

    PAPER = "paper", "Paper form"
    ONLINE = "online", "Online form"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


# Evidence that counts as "in writing" where the policy asks for written consent.
WRITTEN_METHODS = frozenset({Method.PAPER, Method.ONLINE, Method.EMAIL})


class _Answered(TimeStampedModel):
    """An answer with its evidence: how, when and who wrote it down."""

    answer = models.CharField(max_length=10, choices=Answer.choices)
    method = models.CharField("how it was given", max_length=10, choices=Method.choices)
    given_on = models.DateField("date of the answer")
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class PhotoConsent(_Answered):
    """One parent's answer about one use of one pupil's photo.

    `parent` is empty when the school cannot say which parent answered (an
    old paper form, say); such answers supersede each other.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="photo_consents")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="photo_consents")
    use = models.CharField(max_length=10, choices=Use.choices)
    parent = models.ForeignKey(
        Parent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photo_consents",
    )
    # The pupil answered for themselves, where the policy lets a pupil of
    # their age do so (consent.pupil_own; whmat 6.10 "pupil or parental").
    by_pupil = models.BooleanField("the pupil's own answer", default=False)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "use", "parent"],
                condition=Q(superseded_at__isnull=True, parent__isnull=False),
                name="one_current_consent_per_parent",
            ),
            models.UniqueConstraint(
                fields=["pupil", "use"],
                condition=Q(superseded_at__isnull=True, parent__isnull=True),
                name="one_current_consent_without_parent",
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="consent_answer_known"
            ),
            models.CheckConstraint(condition=Q(use__in=Use.values), name="consent_use_known"),
            models.CheckConstraint(
                condition=Q(by_pupil=False) | Q(parent__isnull=True),
                name="pupil_answer_names_no_parent",
                violation_error_message="A pupil's own answer names no parent.",
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="consent_method_known"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "superseded_at"]),
            # A pupil's current answers for a use, newest last: what every
            # decision in the database (`consent_states`, the lapse counts)
            # looks up once a pupil, read from the index alone.
            models.Index(
                fields=["pupil", "use", "given_on", "created_at", "answer"],
                condition=Q(superseded_at__isnull=True),
                name="consent_current_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_use_display()}: {self.get_answer_display()} ({self.given_on})"


class StaffPhotoPermission(_Answered):
    """A member of staff's own answer about photos of them being posted."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="staff_photo_permissions"
    )
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="photo_permissions"
    )

    class Meta:
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_staff_permission",
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="staff_permission_answer_known"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="staff_permission_method_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_answer_display()} ({self.given_on})"


class RenewalRequest(models.Model):
    """That the school asked a parent to renew a pupil's consent, once per stage.

    `expires_on` names the lapse cycle: the day the consent being renewed
    lapses. A renewal moves that day on, so the next cycle asks afresh; the
    unique constraint makes each stage of one cycle go out once, however
    often (and on however many machines) the job runs. `emailed` is false
    when the parent had no email address: the office prints them a letter.
    """

    class Stage(models.TextChoices):
        REQUEST = "request", "Renewal request"
        REMINDER_7 = "reminder_7", "Reminder after 7 days"
        REMINDER_14 = "reminder_14", "Reminder after 14 days"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="renewal_requests")
    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="renewal_requests")
    expires_on = models.DateField("lapses on")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    emailed = models.BooleanField(default=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "parent", "expires_on", "stage"],
                name="one_renewal_request_per_stage",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["request", "reminder_7", "reminder_14"]),
                name="renewal_request_stage_known",
            ),
        ]
        indexes = [models.Index(fields=["school", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.pupil} ({self.expires_on})"
