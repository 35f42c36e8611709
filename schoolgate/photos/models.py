"""Photos uploaded to a post, and every face found or added in them.

A photo's original stays on the school's own store (`storage.py`); what is
published is a rendition made from pixels alone, with the faces marked
"blur" pixelated into it. Each face is accounted for: tagged to a pupil
(whose consent the policy then checks), to a member of staff (their own
permission), marked as an adult visitor, or blurred. A blurred face keeps its
pupil tag, so withdrawing consent still finds every photo of a child.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Pupil, School, StaffMember
from schoolgate.photos.storage import photo_storage

#: Longest caption shown under a published photo.
MAX_CAPTION = 200
#: Longest alt text; a screen reader reads it whole, so it stays short.
MAX_ALT_TEXT = 250


class Photo(TimeStampedModel):
    """One uploaded photo in one post, and how far its checks have got."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        ANALYSING = "analysing", "Being checked"
        READY = "ready", "Checked"
        REFUSED = "refused", "Refused"

    class Device(models.TextChoices):
        REGISTERED = "registered", "A school device"
        UNKNOWN = "unknown", "A device not in the register"
        NONE = "none", "No camera details"

    # Set by selectors.photos_of: the faces in reading order, as numbered on the page.
    faces_read: list[Face]

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="photos")
    post = models.ForeignKey("publishing.Post", on_delete=models.CASCADE, related_name="photos")
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Shown to staff only; the stored files have random names.
    original_name = models.CharField(max_length=255)
    original = models.FileField(storage=photo_storage, upload_to="originals/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    refused_reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    device = models.CharField(max_length=10, choices=Device.choices, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # Staff see a resized copy without metadata, faces outlined over it.
    preview = models.FileField(storage=photo_storage, upload_to="previews/", blank=True)
    rendition = models.FileField(storage=photo_storage, upload_to="public/", blank=True)
    # The boxes blurred into `rendition`; it is served only while they are
    # exactly the boxes marked "blur" now, so a stale copy never goes out.
    rendered_blur = models.JSONField(default=list, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    # What readers see under the photo, and what a screen reader says instead
    # of it (WCAG 2.2 SC 1.1.1); both go through the text checks, and the alt
    # text is required before the post is published.
    caption = models.CharField(max_length=MAX_CAPTION, blank=True)
    alt_text = models.CharField(max_length=MAX_ALT_TEXT, blank=True)

    class Meta:
        ordering = ["post", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refused_reason=""),
                name="refused_photo_gives_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(width__isnull=False, height__isnull=False),
                name="checked_photo_has_a_size",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.ANALYSING)


class Face(TimeStampedModel):
    """A face in a photo: where it is, and who or what accounts for it."""

    class Source(models.TextChoices):
        DETECTOR = "detector", "Found by Schoolgate"
        STAFF = "staff", "Added by staff"

    class Kind(models.TextChoices):
        # The detector is sure of a face; or it is not, and asks the person
        # rather than drop it (a mask, a turned head, a child half hidden).
        FACE = "face", "Face"
        POSSIBLE = "possible", "Possible face"

    class Accounting(models.TextChoices):
        UNACCOUNTED = "unaccounted", "Not accounted for"
        PUPIL = "pupil", "Pupil"
        STAFF = "staff", "Member of staff"
        VISITOR = "visitor", "Adult visitor"
        BLUR = "blur", "Blurred"
        NOT_A_FACE = "not_face", "Not a face"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="faces")
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    w = models.PositiveIntegerField()
    h = models.PositiveIntegerField()
    # The detector's confidence, 0 to 1 (none for a face staff added).
    score = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DETECTOR)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FACE)
    accounting = models.CharField(
        max_length=12, choices=Accounting.choices, default=Accounting.UNACCOUNTED
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, blank=True, related_name="photo_faces"
    )
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="photo_faces"
    )
    accounted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["photo", "y", "x", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(w__gt=0, h__gt=0), name="face_box_has_a_size"),
            models.CheckConstraint(
                condition=~Q(accounting="pupil") | Q(pupil__isnull=False, staff__isnull=True),
                name="pupil_face_names_the_pupil",
            ),
            models.CheckConstraint(
                condition=~Q(accounting="staff") | Q(staff__isnull=False, pupil__isnull=True),
                name="staff_face_names_the_colleague",
            ),
            models.CheckConstraint(
                condition=~Q(accounting__in=["unaccounted", "visitor", "not_face"])
                | Q(pupil__isnull=True, staff__isnull=True),
                name="untagged_face_names_nobody",
            ),
            models.CheckConstraint(
                condition=Q(pupil__isnull=True) | Q(staff__isnull=True),
                name="face_is_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Face at {self.box} ({self.get_accounting_display()})"

    @property
    def box(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]

    @property
    def is_possible(self) -> bool:
        return self.kind == self.Kind.POSSIBLE

    @property
    def label(self) -> str:
        """What the box says on the photo: "Face" or "Possible face"."""
        return self.get_kind_display()
