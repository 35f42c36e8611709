"""Safeguarding records (C7.1-C7.8): concerns, their steps, amendments, evidence.

A record is never edited or deleted: the account written at the time stays as
written, later corrections are `Amendment` rows, and closing keeps its reason.
Who may see a record is fixed when it is routed (`Route` rows, from the
school's policy); `selectors.visible_records` is the one predicate.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Pupil, School, StaffMember


class Kind(models.TextChoices):
    CYBERBULLYING = "cyberbullying", "Cyberbullying"
    ADULT_DISCLOSURE = "adult_disclosure", "Disclosure that an adult misuses social media"
    STAFF_CONCERN = "staff_concern", "Concern about a member of staff online"
    INDECENT_IMAGES = "indecent_images", "Indecent images found"
    PREVENT = "prevent", "Prevent concern"
    SIGHTING = "sighting", "Seen on social networks in the working day"
    PUPIL_DISCLOSURE = "pupil_disclosure", "A pupil's disclosure of online abuse"
    BREACH = "breach", "Breach of the social media policy"


class Record(TimeStampedModel):
    """One concern as the person who raised it recorded it."""

    class Urgency(models.TextChoices):
        ROUTINE = "routine", "Routine"
        URGENT = "urgent", "Urgent: a child may be at risk now"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class DisclosedBy(models.TextChoices):
        NOT_APPLICABLE = "", "Not applicable"
        PARENT = "parent", "A parent or carer"
        STAFF = "staff", "A member of staff"
        CHILD = "child", "A child"
        OTHER = "other", "Someone else"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    pupils = models.ManyToManyField(Pupil, blank=True, related_name="safeguarding_records")
    staff = models.ManyToManyField(StaffMember, blank=True, related_name="safeguarding_records")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reporter_role = models.CharField("your name and role", max_length=200)
    happened_at = models.DateTimeField("when it happened")
    place = models.CharField("where", max_length=200, blank=True)
    account = models.TextField("what happened")
    child_words = models.TextField("the child's own words", blank=True)
    disclosed_by = models.CharField(
        max_length=10, choices=DisclosedBy.choices, blank=True, default=""
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    told_dsl_in_person = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["school", "status", "kind"])]
        constraints = [
            # Statutory guidance (KCSIE): an urgent concern is also told to the
            # DSL in person, not left in a system to be read later.
            models.CheckConstraint(
                condition=~Q(urgency="urgent") | Q(told_dsl_in_person=True),
                name="safeguarding_urgent_told_dsl",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(closed_reason=""),
                name="safeguarding_closing_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # Deliberately no names: this string reaches audit labels and emails.
        return f"Safeguarding record #{self.pk}"


class Route(models.Model):
    """That holders of a role at the record's school are told of it and may read it."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="routes")
    role = models.CharField(max_length=30)
    rule = models.CharField(max_length=60, help_text="The policy rule that routed it here.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "role"], name="unique_route_role"),
        ]

    def __str__(self) -> str:
        return f"{self.record} to {self.role}"


class Step(models.Model):
    """A step of the record's procedure, done and written down."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["done_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "code"], name="unique_step_per_record"),
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.record}"


class Amendment(models.Model):
    """A correction or addition to a record: who, when and why."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="amendments")
    text = models.TextField()
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Amendment #{self.pk} to {self.record}"


class Evidence(models.Model):
    """A file kept as evidence: encrypted in `blob`, hashed as uploaded.

    `sha256` is of the original bytes; `audit verify` decrypts and compares.
    """

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="evidence")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    blob = models.FileField(upload_to="safeguarding/evidence/", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Evidence #{self.pk}"
