"""Sanctions with a start and an end: bans, blocks, loss of interaction (C8.4)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Parent, Pupil, School


class Sanction(TimeStampedModel):
    """A sanction on a pupil, a parent or a commenter, in force between two dates.

    `ends_on` is the last day in force (inclusive); empty means until lifted.
    Lifting early keeps the row and records who lifted it, when and why, so a
    sanction lapses by itself on its end date and is never deleted.
    """

    class Kind(models.TextChoices):
        PUPIL_PHONE_BAN = "pupil_phone_ban", "Pupil phone ban"
        ICT_BAN = "ict_ban", "ICT ban (supervised use only)"
        PARENT_INTERACTION = "parent_interaction", "Parent's loss of interaction"
        COMMENTER_BLOCK = "commenter_block", "Commenter block"

    class State(models.TextChoices):
        UPCOMING = "upcoming", "Not yet started"
        ACTIVE = "active", "In force"
        EXPIRED = "expired", "Lapsed"
        LIFTED = "lifted", "Lifted early"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, blank=True, related_name="sanctions"
    )
    parent = models.ForeignKey(
        Parent, on_delete=models.PROTECT, null=True, blank=True, related_name="sanctions"
    )
    email = models.EmailField(
        "commenter's email", blank=True, help_text="For a commenter block only."
    )
    # A commenter on an external channel is known by the platform's user id,
    # not an email: a commenter block names one or the other.
    platform = models.CharField(
        max_length=20, blank=True, help_text="For a block of a platform's user only."
    )
    platform_user_id = models.CharField(
        "platform's user id", max_length=200, blank=True, help_text="For a commenter block only."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="The last day in force; empty means until lifted."
    )
    reason = models.TextField(help_text="What happened, and why this sanction.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)
    # A block of a platform's user is also a block on the platform, which
    # outlives Schoolgate's: these record its undoing once the block ends.
    platform_unblocked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the platform unblocked the account."
    )
    platform_unblock_error = models.CharField(
        max_length=300, blank=True, help_text="Why the platform last refused to unblock."
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["school", "kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="sanction_ends_after_it_starts",
            ),
            # Each kind names exactly the subject it applies to.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["pupil_phone_ban", "ict_ban"],
                        pupil__isnull=False,
                        parent__isnull=True,
                        email="",
                    )
                    | Q(
                        kind="parent_interaction",
                        pupil__isnull=True,
                        parent__isnull=False,
                        email="",
                    )
                    | Q(kind="commenter_block", pupil__isnull=True, parent__isnull=True)
                    & (~Q(email="") | ~Q(platform="") & ~Q(platform_user_id=""))
                ),
                name="sanction_subject_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False),
                name="sanction_lift_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"

    @property
    def subject_label(self) -> str:
        if self.platform_user_id and not self.email:
            return f"{self.platform_user_id} on {self.platform}"
        return str(self.pupil or self.parent or self.email)

    def state_on(self, day: dt.date) -> State:
        """Return whether the sanction is upcoming, in force, lapsed or lifted on a day."""
        if self.lifted_at is not None and timezone.localdate(self.lifted_at) <= day:
            return self.State.LIFTED
        if day < self.starts_on:
            return self.State.UPCOMING
        if self.ends_on is not None and day > self.ends_on:
            return self.State.EXPIRED
        return self.State.ACTIVE
