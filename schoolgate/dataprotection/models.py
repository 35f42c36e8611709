"""Subject-access requests and their deadline (C9.3).

A request names one person the school holds data about: a pupil, a parent or
a member of staff. Its deadline follows from the day it was received and the
profile's `data.protection:subject_access_days`, fixed when it is recorded so
a later change of policy does not move a promise already made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Parent, Pupil, School, StaffMember


class PersonKind(models.TextChoices):
    PUPIL = "pupil", "Pupil"
    PARENT = "parent", "Parent or carer"
    STAFF = "staff", "Member of staff"


class SubjectAccessRequestQuerySet(models.QuerySet["SubjectAccessRequest"]):
    def open(self) -> SubjectAccessRequestQuerySet:
        """Return the requests not yet answered."""
        return self.filter(answered_at__isnull=True)


class SubjectAccessRequest(TimeStampedModel):
    """Someone asked for everything the school holds about one person."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=PersonKind.choices)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, blank=True)
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, null=True, blank=True)
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True)
    requested_by = models.CharField(
        "asked by", max_length=200, help_text="Who made the request, e.g. the pupil's mother."
    )
    received_on = models.DateField("received on")
    due_on = models.DateField("answer by")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SubjectAccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="pupil", pupil__isnull=False, parent=None, staff=None)
                | Q(kind="parent", parent__isnull=False, pupil=None, staff=None)
                | Q(kind="staff", staff__isnull=False, pupil=None, parent=None),
                name="subject_access_names_one_person",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="subject_access_due_after_received",
            ),
            models.CheckConstraint(
                condition=Q(answered_at=None, answered_by=None)
                | Q(answered_at__isnull=False, answered_by__isnull=False),
                name="subject_access_answer_names_who_and_when",
            ),
        ]
        indexes = [models.Index(fields=["school", "answered_at", "due_on"])]

    def __str__(self) -> str:
        return f"Subject access for {self.person} (by {self.due_on:%d %b %Y})"

    @property
    def person(self) -> Pupil | Parent | StaffMember:
        return self.pupil or self.parent or self.staff  # type: ignore[return-value]
