"""Trusts, schools, the roles people hold there, pupils, parents and staff."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.roles import Role


class Trust(TimeStampedModel):
    """A multi-academy trust; a single school is a trust of one (C2.1)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(TimeStampedModel):
    """An academy in a trust, working under one policy profile."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    urn = models.CharField("URN", max_length=12, blank=True)
    profile = models.CharField(
        max_length=40, help_text="The built-in policy profile the school has adopted."
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(TimeStampedModel):
    """A role a user holds in one school, or across the trust (school empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="role_assignments")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="unique_role_per_school",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "trust"],
                condition=Q(school__isnull=True),
                name="unique_trust_wide_role",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        place = self.school or self.trust
        return f"{self.user} — {self.get_role_display()} at {place}"


class Pupil(TimeStampedModel):
    """A pupil on the school's roll, current or former (C2.3)."""

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        FORMER = "former", "Former"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    mis_id = models.CharField("MIS id", max_length=40)
    first_name = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="A nickname or preferred name, if any."
    )
    date_of_birth = models.DateField()
    year_group = models.CharField(max_length=20, blank=True)
    class_name = models.CharField("class", max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["surname", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "mis_id"], name="unique_pupil_mis_id"),
        ]
        indexes = [models.Index(fields=["school", "status", "class_name"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.surname}"

    def age_on(self, day: date) -> int:
        """Return the pupil's age in whole years on the given date."""
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Parent(TimeStampedModel):
    """A parent or carer, linked to their children; may have a login."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="parents")
    mis_id = models.CharField("MIS id", max_length=40)
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parent_records",
    )
    children = models.ManyToManyField(Pupil, through="ParentLink", related_name="parents")

    class Meta:
        ordering = ["surname", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "mis_id"], name="unique_parent_mis_id"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.surname}"


class ParentLink(models.Model):
    """That a parent is responsible for a pupil, and how they are related."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE)
    relationship = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "pupil"], name="unique_parent_link"),
        ]

    def __str__(self) -> str:
        return f"{self.parent} ({self.relationship or 'parent'}) of {self.pupil}"


class StaffMember(TimeStampedModel):
    """A member of staff as the MIS knows them (C2.4)."""

    class Kind(models.TextChoices):
        TEACHING = "teaching", "Teaching"
        SUPPORT = "support", "Support"
        SUPPLY = "supply", "Supply"
        AGENCY = "agency", "Agency"
        CONTRACTOR = "contractor", "Contractor"
        VOLUNTEER = "volunteer", "Volunteer"
        GOVERNOR = "governor", "Governor / LAC member"
        LEADERSHIP = "leadership", "Leadership"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="staff")
    mis_id = models.CharField("MIS id", max_length=40)
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    formal_name = models.CharField(
        max_length=150, help_text="The professional name pupils and parents use, e.g. 'Mrs Smith'."
    )
    email = models.EmailField("school email")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEACHING)
    job_title = models.CharField(max_length=120, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["surname", "first_name"]
        verbose_name_plural = "staff"
        constraints = [
            models.UniqueConstraint(fields=["school", "mis_id"], name="unique_staff_mis_id"),
        ]

    def __str__(self) -> str:
        return self.formal_name


class ImportJob(TimeStampedModel):
    """One upload of a CSV file from the MIS, and how its import went.

    `content` keeps the decoded file so that the task worker can run it;
    `errors` lists the refused rows as ``[{"line": 7, "reason": "..."}]``, and
    `refused_reason` says why a whole file was refused.
    """

    class Kind(models.TextChoices):
        PUPILS = "pupils", "Pupils"
        PARENTS = "parents", "Parents and carers"
        STAFF = "staff", "Staff"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        REFUSED = "refused", "File refused"
        FAILED = "failed", "Failed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField()
    dry_run = models.BooleanField(
        "dry run", default=False, help_text="Report what would change, and change nothing."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    refused_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")),
                name="import_processed_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
