"""The registers of catalogue C5: professional accounts, requests to use
further applications, friend/follow requests received, and declarations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Parent, Pupil, School

USER = settings.AUTH_USER_MODEL


class Platform(models.TextChoices):
    BLOG = "blog", "Blog"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    SNAPCHAT = "snapchat", "Snapchat"
    OTHER = "other", "Other"


class ProfessionalAccount(TimeStampedModel):
    """A professional social media account: requested, approved, then set up (C5.1).

    The account may be set up only once approved (whmat 6.6), and the person
    who approves is never the person who asked.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for approval"
        APPROVED = "approved", "Approved, not yet set up"
        DECLINED = "declined", "Declined"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (class or key stage)"
        PUBLIC = "public", "Public"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(max_length=120, help_text="The account's name or address.")
    purpose = models.TextField(help_text="What the account is for.")
    audience = models.CharField(max_length=200, help_text="Who it is for, e.g. 'Year 6 parents'.")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    public_reason = models.TextField(
        "reason to be public", blank=True, help_text="Needed when the account is public."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    set_up_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    # Asked by someone who works at the trust's office rather than the school:
    # the profile's `trust_office_approvers` decide (whmat 6.6).
    for_trust_office = models.BooleanField("for the trust's office", default=False)
    # The requester's word that they reach the school's pages through this
    # professional account, never a personal one (shire "Facebook and Twitter").
    professional_only = models.BooleanField(
        "I will use only professional accounts, never a personal one, on the school's pages",
        default=False,
    )

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility="public") | ~Q(public_reason=""),
                name="public_account_has_reason",
                violation_error_message="Say why the account needs to be public.",
            ),
            # Four eyes: the approver is never the requester (whmat 6.6).
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="account_approver_is_not_requester",
                violation_error_message="Someone other than the requester must decide.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested"]) | Q(decided_by__isnull=False),
                name="account_decided_before_use",
                violation_error_message="An account is approved before it is set up.",
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"


class ApplicationRequest(TimeStampedModel):
    """A request to use a further social networking application (C5.2)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    application = models.CharField(max_length=120, help_text="The site or app, e.g. 'Padlet'.")
    address = models.URLField(blank=True, help_text="Its web address, if it has one.")
    purpose = models.TextField(help_text="What it would be used for, and with whom.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | (Q(decided_by__isnull=False) & ~Q(reasons="")),
                name="application_decision_has_reasons",
                violation_error_message="A decision names who made it and why.",
            ),
        ]

    def __str__(self) -> str:
        return self.application


class FriendRequest(TimeStampedModel):
    """A friend or follow request a member of staff received (C5.3)."""

    class Sender(models.TextChoices):
        PUPIL = "pupil", "A pupil"
        FORMER_PUPIL = "former_pupil", "A former pupil"
        PARENT = "parent", "A parent or carer"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    received_on = models.DateField(default=timezone.localdate)
    sender_kind = models.CharField("from", max_length=20, choices=Sender.choices)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, blank=True)
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, null=True, blank=True)
    sender_name = models.CharField("name, if not in the lists", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    parents_told_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parents_told_at = models.DateTimeField(null=True, blank=True)
    parents_told = models.CharField("parents told", max_length=200, blank=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupil__isnull=False) | Q(parent__isnull=False) | ~Q(sender_name=""),
                name="friend_request_names_sender",
                violation_error_message="Say who the request came from.",
            ),
            models.CheckConstraint(
                condition=Q(parents_told_at__isnull=True)
                | (Q(parents_told_by__isnull=False) & ~Q(parents_told="")),
                name="friend_request_parents_told_in_full",
                violation_error_message="Say which parents were told, and by whom.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} request from {self.sender}"

    @property
    def sender(self) -> str:
        return str(self.pupil or self.parent or self.sender_name)

    @property
    def from_pupil(self) -> bool:
        return self.sender_kind in {self.Sender.PUPIL, self.Sender.FORMER_PUPIL}


class Declaration(TimeStampedModel):
    """A member of staff's declaration of links with pupils' families (C5.4).

    `family_link` declarations go to those the profile names; the
    `parent_contact` kind follows the fields of the whmat Appendix 1 form and
    is read by HR alone (whmat 5.5).
    """

    class Kind(models.TextChoices):
        FAMILY_LINK = "family_link", "Family or social link with a pupil's family"
        PARENT_CONTACT = "parent_contact", "Contact with a parent on personal social media"

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        WITHDRAWN = "withdrawn", "Withdrawn"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    declarant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    job_title = models.CharField(max_length=120, blank=True)
    pupil_names = models.CharField(
        "pupil or pupils", max_length=300, help_text="Whose family you are linked with."
    )
    parent_names = models.CharField("parent or parents", max_length=300, blank=True)
    is_friend = models.BooleanField("the parent is a personal friend", default=False)
    is_family = models.BooleanField("the parent is a member of my family", default=False)
    details = models.TextField(
        "the link", blank=True, help_text="How you know the family, in a sentence or two."
    )
    read_policy = models.BooleanField(
        "I have read and understood the social media policy", default=False
    )
    signed_name = models.CharField("signed (type your full name)", max_length=200)
    signed_on = models.DateField(default=timezone.localdate)
    confirmed_on = models.DateField(default=timezone.localdate)
    # Its keeper (HR for contact with parents) read it and noted what, if anything,
    # follows; cleared when the declarant changes it, so the change is read too.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField("note", blank=True)

    class Meta:
        ordering = ["-confirmed_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="parent_contact")
                | (
                    Q(read_policy=True)
                    & ~Q(parent_names="")
                    & (Q(is_friend=True) | Q(is_family=True))
                ),
                name="parent_contact_declaration_complete",
                violation_error_message=(
                    "Name the parent, say whether a friend or family, and confirm "
                    "you have read the policy."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True)
                | Q(reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="declaration_review_names_who_and_when",
            ),
        ]
        indexes = [models.Index(fields=["school", "kind", "status", "confirmed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.signed_name})"


class DeclarationReminder(models.Model):
    """A reminder sent to confirm a declaration again, one per declaration a day.

    The unique constraint makes the daily task safe to run twice (or on two
    workers): the second run finds the day's reminder already there.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "sent_on"], name="one_declaration_reminder_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder for declaration {self.declaration_id} on {self.sent_on}"


# The smaller registers live in their own module; importing them here makes
# them the app's models.
from schoolgate.registers.records import (  # noqa: E402,F401
    AccountReview,
    EventPhotoAgreement,
    FilteringCheck,
    LowLevelConcern,
    PermissionRequest,
    PolicyDeparture,
)
