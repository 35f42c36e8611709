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
from schoolgate.core.storage import evidence_store
from schoolgate.people.models import Pupil, School, StaffMember
from schoolgate.people.roles import Role


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

    class PoliceChoice(models.TextChoices):
        NOT_ASKED = "", "Not applicable"
        WANTS = "wants", "Wants the police told"
        DOES_NOT = "does_not", "Does not want the police told"
        UNDECIDED = "undecided", "Has not decided yet"

    class RemovalResult(models.TextChoices):
        NOT_APPLICABLE = "", "Not applicable"
        PENDING = "pending", "Asked, not yet removed"
        REMOVED = "removed", "Removed"
        NOT_REMOVED = "not_removed", "Refused or not removed"

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
    # Cyberbullying (C7.1): who reported it, what evidence there is, and the
    # victim's own choice about the police.
    reported_by = models.CharField("who reported it", max_length=200, blank=True)
    evidence_described = models.TextField("what evidence there is", blank=True)
    police_choice = models.CharField(
        "the victim's choice about the police",
        max_length=12,
        choices=PoliceChoice.choices,
        blank=True,
        default="",
    )
    # Policy breach (C7.7): the disciplinary outcome and the posting's removal.
    breach_outcome = models.TextField("disciplinary outcome", blank=True)
    removal_requested = models.BooleanField("removal of the posting requested", default=False)
    removal_result = models.CharField(
        "whether the posting was removed",
        max_length=12,
        choices=RemovalResult.choices,
        blank=True,
        default="",
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
            # A posting can only have been removed, or not, once removal was asked.
            models.CheckConstraint(
                condition=Q(removal_requested=True) | Q(removal_result=""),
                name="safeguarding_removal_result_needs_request",
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

    @property
    def role_label(self) -> str:
        """Return the role as people read it, e.g. "Designated safeguarding lead"."""
        return Role(self.role).label if self.role in Role.values else self.role


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
    source = models.CharField(
        max_length=200, blank=True, help_text="Where it came from, e.g. a moderated comment."
    )
    meta = models.JSONField(default=dict, blank=True)
    blob = models.FileField(
        storage=evidence_store, upload_to="safeguarding/evidence/", max_length=255
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Evidence #{self.pk}"


class Task(models.Model):
    """A follow-up on a record: what, by when, by whom, and when it was done."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The day the last reminder went, so a second run that day sends none.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | Q(done_by__isnull=False),
                name="safeguarding_task_done_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"Task #{self.pk} on {self.record}"


class Link(models.Model):
    """Two records about the same matter; stored once, shown on both."""

    low = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField()

    class Meta:
        constraints = [
            # Stored with the lower id first, so one pair is one row.
            models.CheckConstraint(condition=Q(low__lt=models.F("high")), name="link_low_first"),
            models.UniqueConstraint(fields=["low", "high"], name="unique_record_link"),
        ]

    def __str__(self) -> str:
        return f"Link {self.low_id}-{self.high_id}"


class Transfer(models.Model):
    """A pupil's safeguarding file exported for their new school, and its receipt."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="+")
    new_school = models.CharField("receiving school", max_length=200)
    record_ids = models.JSONField(default=list)
    sha256 = models.CharField("SHA-256 of the file sent", max_length=64)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField()
    received_by = models.CharField("received by (name and role)", max_length=200, blank=True)
    received_on = models.DateField(null=True, blank=True)
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-exported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | ~Q(received_by=""),
                name="transfer_receipt_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer #{self.pk}"


class RetentionReview(models.Model):
    """A decision, at the end of a record's retention period, to keep or destroy it.

    It outlives the record: once destroyed, this row (kind, dates, who
    decided and why, never the content) is the trace that it existed.
    """

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep for longer"
        DESTROY = "destroy", "Destroy"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(
        Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    record_ref = models.PositiveIntegerField("record number")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    recorded_on = models.DateField()
    retain_until = models.DateField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    keep_until = models.DateField(null=True, blank=True)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="keep") | Q(keep_until__isnull=False),
                name="retention_keep_has_date",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="retention_review_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Retention review of record #{self.record_ref}"
