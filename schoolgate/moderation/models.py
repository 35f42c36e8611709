"""Comments from parents and the public, and what moderators did about them.

Catalogue C4.1-C4.6. A comment is held until someone approves it; triage's
suggested action, labels, scores and findings are stored beside it. Deleting
keeps the text as evidence (`status=deleted`) and nothing but an approved
comment is ever shown publicly (`Comment.objects.displayable()`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Parent, School
from schoolgate.publishing.models import Channel, Post


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    FAMILY = "family", "Other family member"
    FORMER_PUPIL = "former_pupil", "Former pupil"
    STAFF = "staff", "Member of staff"
    COMMUNITY = "community", "Member of the community"
    OTHER = "other", "Other"


class CommentQuerySet(models.QuerySet["Comment"]):
    def displayable(self) -> CommentQuerySet:
        """Return only the comments that may be shown to the public."""
        return self.filter(status=Comment.Status.APPROVED)

    def waiting(self) -> CommentQuerySet:
        """Return the comments someone still has to decide."""
        return self.filter(status__in=Comment.WAITING)


class Comment(TimeStampedModel):
    """One comment, on the school blog or fetched from an external channel."""

    class Source(models.TextChoices):
        BLOG = "blog", "School blog"
        EXTERNAL = "external", "External channel"

    class Status(models.TextChoices):
        HELD = "held", "Waiting for approval"
        ESCALATED = "escalated", "With the head"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        DELETED = "deleted", "Deleted (kept as evidence)"

    class Action(models.TextChoices):
        APPROVE = "approve", "Looks fine"
        HOLD = "hold", "Read first"
        ESCALATE = "escalate", "For the head"
        REJECT = "reject", "Abusive"

    WAITING = (Status.HELD, Status.ESCALATED)
    DECIDED = (Status.APPROVED, Status.REJECTED, Status.DELETED)
    # Sort key of the queue: the higher, the sooner someone should read it.
    SEVERITY: dict[str, int] = {
        Action.REJECT: 3,
        Action.ESCALATE: 3,
        Action.HOLD: 1,
        Action.APPROVE: 0,
    }

    # Set by selectors.with_echoes on the comments it lists: the same comment
    # on the other platforms a post went to, and those platforms' names.
    echoes: list[Comment]
    also_on: str
    # Set by the queue on the comments of a page: the comment it opens at once
    # this one is decided.
    then: int | None

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="comments")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.BLOG)
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    external_id = models.CharField(
        "remote comment id", max_length=200, blank=True, help_text="The platform's comment id."
    )
    external_author_id = models.CharField(
        "remote author id", max_length=200, blank=True, help_text="The platform's user id."
    )
    submission_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="Sent with the form, so a resubmitted form stores the comment once.",
    )
    parent = models.ForeignKey(
        Parent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="The parent record whose email matches, if any.",
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    relationship = models.CharField(
        "relationship to the school",
        max_length=20,
        choices=Relationship.choices,
        default=Relationship.OTHER,
    )
    # Blank only once retention removed it (`text_removed_at`).
    text = models.TextField(max_length=5000, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    action = models.CharField(
        "triage suggests", max_length=10, choices=Action.choices, default=Action.HOLD
    )
    severity = models.PositiveSmallIntegerField(default=1)
    labels = models.JSONField(default=list, blank=True)
    # " praise negative " etc.: filterable with icontains on SQLite and PostgreSQL.
    label_index = models.CharField(max_length=500, blank=True, editable=False)
    scores = models.JSONField(default=dict, blank=True)
    findings = models.JSONField(default=list, blank=True)
    # " 3 17 ": the StaffMember ids triage found named, so that the queue can
    # keep a comment from the colleague it names (see `selectors.visible_comments`).
    named_staff = models.TextField(blank=True, editable=False)
    # The same commenter's same words on the same post, whatever the platform:
    # the queue shows them as one row ("also on X").
    echo_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    not_a_problem = models.BooleanField(
        default=False, help_text="A moderator said triage's flags were wrong."
    )
    not_a_problem_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the commenter was told the outcome."
    )
    platform_hidden = models.BooleanField(
        "hidden on its platform",
        default=False,
        help_text="The platform confirmed the comment is hidden there (external only).",
    )

    # Retention (`data.retention:evidence_days`, C9.2) removes the text of a
    # rejected or deleted comment when its period ends; the moderation
    # record (who decided what, when and why) stays, with this note.
    text_removed_at = models.DateTimeField(null=True, blank=True)
    text_removed_note = models.CharField(max_length=200, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-severity", "submitted_at", "pk"]
        indexes = [
            models.Index(fields=["school", "status", "severity", "submitted_at"]),
            models.Index(fields=["school", "email"]),
            models.Index(fields=["post", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="comment_external_id_once_per_channel",
            ),
            models.UniqueConstraint(
                fields=["school", "submission_key"],
                condition=~Q(submission_key=""),
                name="comment_submission_stored_once",
            ),
            models.CheckConstraint(
                condition=Q(source="blog", channel__isnull=True)
                | Q(source="external", channel__isnull=False),
                name="comment_source_fits_channel",
            ),
            models.CheckConstraint(
                condition=Q(claimed_by__isnull=True, claimed_at__isnull=True)
                | Q(claimed_by__isnull=False, claimed_at__isnull=False),
                name="comment_claim_names_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["held", "escalated"])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="comment_decision_names_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(text="") | Q(text_removed_at__isnull=False),
                name="comment_text_blank_only_once_removed",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.name} ({self.submitted_at:%d %b %Y})"

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    @property
    def public_text(self) -> str:
        """Return the text only when it may be shown to the public."""
        return self.text if self.status == self.Status.APPROVED else ""

    @property
    def platform_channel(self) -> Channel:
        """Return the channel of a comment fetched from a platform (not the blog's)."""
        if self.channel is None:
            raise ValueError(f"Comment {self.pk} is the blog's, on no platform.")
        return self.channel


class CommentNote(models.Model):
    """A note moderators share on a comment (who said what, and when)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on comment {self.comment_id}"


class ContactLog(models.Model):
    """A contact with the commenter about their comment, and its outcome (C4.2)."""

    class How(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="contacts")
    how = models.CharField(max_length=10, choices=How.choices)
    contacted_at = models.DateTimeField("when")
    outcome = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contacted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_how_display()} on {self.contacted_at:%d %b %Y}"


class ParentMeeting(models.Model):
    """A parent called to a meeting about a comment in breach (C4.3, stpeters)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="meetings")
    parent = models.ForeignKey(
        Parent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting_at = models.DateTimeField("meeting date and time")
    attendees = models.CharField("who attends", max_length=300)
    outcome = models.TextField(blank=True)
    interaction_withdrawn = models.BooleanField("the parent loses interaction", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting_at", "pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.meeting_at:%d %b %Y}"


class PlatformReport(models.Model):
    """A report of a commenter to the platform, e.g. an under-13 user (C4.4, brize)."""

    class Reason(models.TextChoices):
        UNDER_13 = "under_13", "Appears to be under the platform's minimum age"
        ABUSE = "abuse", "Abuse or harassment"
        OTHER = "other", "Another breach of the platform's terms"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    platform = models.CharField(max_length=20, choices=Channel.Kind.choices)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    reference = models.CharField(
        "platform's reference", max_length=200, blank=True, help_text="A ticket or case number."
    )
    note = models.TextField(blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return f"Reported to {self.get_platform_display()} on {self.reported_at:%d %b %Y}"


class RateCount(models.Model):
    """How many comments one sender (a hashed address or email) sent in the
    current window.

    Counted in the database with one atomic statement (`services.rate_hit`),
    so every web process shares the count and simultaneous posts cannot slip
    past the limit, as they can with a cache's read-then-write.
    """

    key = models.CharField(max_length=100, primary_key=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%H:%M}"
