"""The smaller registers the policies ask for beyond C5.1–C5.4.

Each is a log of entries a member of staff records at a school; some are
answered by the person the policy names (the head grants or refuses a
permission, notes a judgement call). Their shape is shared: the abstract
`LogEntry` and `AnsweredEntry` below, one `Logbook` each in `logbooks.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import School

USER = settings.AUTH_USER_MODEL


class LogEntry(TimeStampedModel):
    """One entry of a logbook: where, and who recorded it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Answer(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    NOTED = "noted", "Noted"


class AnsweredEntry(LogEntry):
    """An entry the person the policy names answers, always with a note."""

    status = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField("note", blank=True)

    class Meta(LogEntry.Meta):
        abstract = True

    @classmethod
    def answer_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(status="pending", answered_by__isnull=True)
            | (Q(answered_by__isnull=False) & ~Q(answer_note="") & ~Q(status="pending")),
            name=name,
            violation_error_message="An answer names who gave it, with a note.",
        )


class PermissionRequest(AnsweredEntry):
    """A request for the head's permission where the policy asks for it.

    stpeters "Personal accounts" (school Wi-Fi for personal accounts), shire
    "Pupil's use of social media" and "Staff guidance for personal use"
    (pupils on social networks in class; naming the school or its events),
    jessons "Protection of personal information" (recording equipment where
    pupils work).
    """

    class Kind(models.TextChoices):
        WIFI = "wifi", "Use the school Wi-Fi for a personal account"
        PUPILS_SOCIAL = "pupils_social", "Pupils use a social network in class"
        RECORDING = "recording", "Bring a phone or recording equipment where pupils work"
        MENTION_SCHOOL = "mention_school", "Mention the school, a pupil or an event personally"
        OTHER = "other", "Something else the policy asks the head about"

    kind = models.CharField("permission for", max_length=20, choices=Kind.choices)
    details = models.TextField(help_text="What, where, when and why.")
    until = models.DateField("needed until", null=True, blank=True)

    class Meta(AnsweredEntry.Meta):
        constraints = [AnsweredEntry.answer_constraint("permission_answer_complete")]

    def __str__(self) -> str:
        return self.get_kind_display()


class LowLevelConcern(AnsweredEntry):
    """A low-level concern about an adult's conduct online (stpeters "Cyberbullying").

    Confidential: only its recorder and the keepers the profile names open
    it, and audit entries about it are hidden from everyone else.
    """

    about = models.CharField("about (name and role)", max_length=200)
    happened_on = models.DateField(default=timezone.localdate)
    details = models.TextField(help_text="What was seen or heard, in plain facts.")

    class Meta(AnsweredEntry.Meta):
        constraints = [AnsweredEntry.answer_constraint("low_level_concern_answer_complete")]

    def __str__(self) -> str:
        return f"Low-level concern of {self.happened_on:%d %b %Y}"


class PolicyDeparture(AnsweredEntry):
    """A judgement call outside, or against, the policy (shire "Introduction").

    The member of staff tells the head why; the head notes it (and seeks
    HR's advice where the profile says so).
    """

    class When(models.TextChoices):
        TAKEN = "taken", "Already taken"
        PROPOSED = "proposed", "Proposed"

    what = models.CharField("the decision", max_length=200)
    when = models.CharField(max_length=10, choices=When.choices, default=When.TAKEN)
    justification = models.TextField(help_text="Why the policy did not fit, and why this did.")

    class Meta(AnsweredEntry.Meta):
        constraints = [AnsweredEntry.answer_constraint("departure_answer_complete")]

    def __str__(self) -> str:
        return self.what


class FilteringCheck(LogEntry):
    """ICT's record that filtering and monitoring were checked (whmat 4.4)."""

    checked_on = models.DateField(default=timezone.localdate)
    systems = models.CharField("what was checked", max_length=200)
    fit_for_purpose = models.BooleanField("fit for purpose", default=True)
    findings = models.TextField(blank=True, help_text="What the check found or changed.")
    concerns = models.TextField(
        "concerning use found",
        blank=True,
        help_text="Any concerning social media use; the people the policy names are told.",
    )

    class Meta(LogEntry.Meta):
        ordering = ["-checked_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fit_for_purpose=True) | ~Q(findings=""),
                name="filtering_check_says_what_is_wrong",
                violation_error_message="Say what is not fit for purpose.",
            ),
        ]

    def __str__(self) -> str:
        return f"Check of {self.systems} on {self.checked_on:%d %b %Y}"


class AccountReview(LogEntry):
    """Its owner's regular review of a professional account (whmat 6.11)."""

    account = models.ForeignKey(
        "registers.ProfessionalAccount", on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField(default=timezone.localdate)
    all_well = models.BooleanField("nothing needs the head's attention", default=True)
    findings = models.TextField(blank=True, help_text="What you looked at and what you found.")

    class Meta(LogEntry.Meta):
        ordering = ["-reviewed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(all_well=True) | ~Q(findings=""),
                name="account_review_says_what_needs_attention",
                violation_error_message="Say what needs the head's attention.",
            ),
        ]
        indexes = [models.Index(fields=["account", "-reviewed_on"])]

    def __str__(self) -> str:
        return f"Review of {self.account} on {self.reviewed_on:%d %b %Y}"


class EventPhotoAgreement(LogEntry):
    """What parents agreed about photos at a school event (shire "Use of Mobile Phones")."""

    event = models.CharField(max_length=200)
    held_on = models.DateField()
    photos_allowed = models.BooleanField("parents may take photos", default=False)
    terms = models.TextField(
        "the agreement", help_text="What parents and visitors agreed, e.g. own child only."
    )

    class Meta(LogEntry.Meta):
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.event} ({self.held_on:%d %b %Y})"
