"""Channels, posts and their versions, approvals, the pause switch and the outbox."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel
from schoolgate.people.models import Pupil, School, Trust


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone (public)"
    KEY_STAGE = "key_stage", "Parents of a key stage"
    CLASS = "class", "Parents of a class"


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


class Channel(TimeStampedModel):
    """A place the school publishes: its blog or one of its social accounts."""

    class Kind(models.TextChoices):
        BLOG = "blog", "School blog"
        FACEBOOK = "facebook", "Facebook Page"
        X = "x", "X (Twitter)"
        BLUESKY = "bluesky", "Bluesky"
        MASTODON = "mastodon", "Mastodon"

    class Status(models.TextChoices):
        OK = "ok", "Working"
        BROKEN = "broken", "Broken"

    class Transport(models.TextChoices):
        # Until a channel goes live its posts stay in the local outbox; a
        # simulated channel also answers with made-up parents' comments, for
        # demonstrations and training (see moderation.channels).
        PLATFORM = "platform", "The platform"
        SIMULATED = "simulated", "Simulated comments"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120)
    handle = models.CharField(max_length=200, blank=True, help_text="Account name or page URL.")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    audience_value = models.CharField(
        max_length=60, blank=True, help_text="The class or key stage a private blog is for."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Fernet token (see publishing.crypto); never shown back in full.
    credentials_encrypted = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OK)
    status_note = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    transport = models.CharField(
        max_length=10, choices=Transport.choices, default=Transport.PLATFORM, editable=False
    )

    class Meta:
        ordering = ["school", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind", "name"], name="unique_channel_name"),
            models.CheckConstraint(
                condition=Q(kind="blog") | Q(audience="public"),
                name="only_blogs_are_private",
            ),
            models.CheckConstraint(
                condition=Q(audience="public") | ~Q(audience_value=""),
                name="private_channel_names_its_audience",
            ),
        ]

    def __str__(self) -> str:
        """Return the name, after the kind unless the name already says it
        ("Larkspur on Facebook", not "Facebook Page: Larkspur on Facebook")."""
        kind = self.get_kind_display()
        if (_words(kind) - {"school", "page"}) & _words(self.name):
            return self.name
        return f"{kind}: {self.name}"

    @property
    def is_social(self) -> bool:
        return self.kind != self.Kind.BLOG

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)


class Tag(models.Model):
    """A topic on the school's blog ("sports", "trips")."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="post_tags")
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "slug"], name="unique_tag_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Correction(models.TextChoices):
    DRAFT = "draft", "Correction being written"
    SUBMITTED = "submitted", "Correction waiting for approval"
    REJECTED = "rejected", "Correction sent back"


class Post(TimeStampedModel):
    """A news post: its current version, where it goes, and how far it has got."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Sent back"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Lapsed unapproved"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    slug = models.SlugField(max_length=80)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    audience_value = models.CharField(max_length=60, blank=True)
    # Why everyone may read it, where posts are private by default (whmat 6.5).
    public_reason = models.TextField(blank=True)
    # A statement on the school's behalf (C3.8): only its named roles approve it.
    speaks_for_school = models.BooleanField(default=False)
    channels = models.ManyToManyField(Channel, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    pupils = models.ManyToManyField(
        Pupil, blank=True, related_name="tagged_in_posts", help_text="Pupils shown in the photos."
    )
    current = models.ForeignKey(
        "PostVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published = models.ForeignKey(
        "PostVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # When the author was told the unapproved draft will lapse (once per lapse).
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    # A correction of a published post: the current version, waiting while
    # the published one stays public (see corrections.py).
    correction = models.CharField(
        max_length=12, choices=Correction.choices, blank=True, default=""
    )
    # Approved to go out at this time; the outbox sweep publishes it when due.
    publish_at = models.DateTimeField(null=True, blank=True)
    # Why a scheduled post did not go out when it was due (consent, policy).
    schedule_held = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "slug"], name="unique_post_slug"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_post_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "published_at"])]

    def __str__(self) -> str:
        return self.current.title if self.current else self.slug

    @property
    def title(self) -> str:
        return str(self)


class PostVersion(models.Model):
    """One saved state of a post. An edit makes a new version; approvals bind to one."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False)
    # sha256 of everything the checks and approval depend on.
    content_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, blank=True, help_text="The checks' decision.")
    findings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="unique_post_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class Approval(models.Model):
    """An approver's answer on one exact version of a post."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Sent back"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(PostVersion, on_delete=models.CASCADE, related_name="approvals")
    content_hash = models.CharField(max_length=64)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(reason=""),
                name="rejection_gives_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.decided_by} (version {self.version_id})"


class PublishingPause(models.Model):
    """The "pause all publishing" switch, for one school or a whole trust."""

    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="publishing_pauses")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="publishing_pauses"
    )
    reason = models.CharField(max_length=300)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    paused_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-paused_at"]
        constraints = [
            # One open pause per school, and one trust-wide pause per trust
            # (two constraints: SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(lifted_at__isnull=True, school__isnull=False),
                name="one_open_pause_per_school",
            ),
            models.UniqueConstraint(
                fields=["trust"],
                condition=Q(lifted_at__isnull=True, school__isnull=True),
                name="one_open_trust_pause",
            ),
        ]

    def __str__(self) -> str:
        return f"Publishing paused for {self.school or self.trust}: {self.reason}"


class OutboxItem(models.Model):
    """One post going to one channel, sent at most once whatever fails.

    The idempotency key names the post, channel and version; it is unique, so
    publishing twice never queues twice, and it travels with the message so a
    retry can ask the remote whether the first attempt got through.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        RETRYING = "retrying", "Failed, will retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, gave up"
        WITHDRAWN = "withdrawn", "Withdrawn"
        # The send gate refused it when it was due (consent or policy).
        HELD = "held", "Held back"

    class Kind(models.TextChoices):
        PUBLISH = "publish", "Publish"
        WITHDRAW = "withdraw", "Withdraw"
        # A correction edited in place on a platform that allows it.
        EDIT = "edit", "Edit in place"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="outbox")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="outbox")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PUBLISH)
    # For a withdrawal: the delivery it takes down (one withdrawal per delivery).
    withdraws = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="withdrawal"
    )
    # For an edit: the delivery whose copy on the platform it corrects.
    edits = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="edited_by"
    )
    idempotency_key = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    remote_id = models.CharField(max_length=200, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The photos the delivery carried (photo id, rendition name and hash, alt
    # text), so a takedown finds every social post showing a child's photo;
    # and how many more the post had than the platform takes.
    images = models.JSONField(default=list, blank=True)
    images_left_out = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="unique_outbox_key"),
            models.CheckConstraint(
                condition=~Q(status="sent") | ~Q(remote_id=""),
                name="sent_item_has_remote_id",
            ),
            models.CheckConstraint(
                condition=Q(kind="publish", withdraws__isnull=True, edits__isnull=True)
                | Q(kind="withdraw", withdraws__isnull=False, edits__isnull=True)
                | Q(kind="edit", withdraws__isnull=True, edits__isnull=False),
                name="a_withdrawal_or_edit_names_its_delivery",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.idempotency_key} ({self.get_status_display()})"


class LocalDelivery(models.Model):
    """What the local "outbox" transport would have sent (demo and tests).

    Deliberately not unique on the key: like a real platform it accepts the
    same message twice, so a double post would show here as two rows.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    idempotency_key = models.CharField(max_length=100, db_index=True)
    text = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    # One entry per photo sent: name, sha256, bytes, mime type, alt text.
    images = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.idempotency_key}"


class Takedown(models.Model):
    """One run of taking posts down: a pupil's consent withdrawn, the pupil left,
    a parent's request, or one post taken down by hand (no pupil; `note` says why)."""

    class Reason(models.TextChoices):
        CONSENT = "consent", "Consent withdrawn"
        LEFT = "left", "Left the school"
        PARENT = "parent", "A parent asked, for one post"
        BY_HAND = "by_hand", "Taken down by hand"
        RETAG = "retag", "A face tag was corrected"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="takedowns")
    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, null=True, blank=True, related_name="takedowns"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.TextField(blank=True, help_text="Why the post was taken down by hand.")
    uses = models.JSONField(default=list, help_text="The uses no longer allowed.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A leaver's posts are taken down once, however often the sweep runs.
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(reason="left"), name="one_leaver_takedown"
            ),
            # Only a takedown by hand has no pupil, and it always says why.
            models.CheckConstraint(
                condition=Q(reason="by_hand", pupil__isnull=True) & ~Q(note="")
                | ~Q(reason="by_hand") & Q(pupil__isnull=False),
                name="takedown_names_pupil_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: pupil {self.pupil_id}"


class TakedownStep(models.Model):
    """What was done to one post (or one of its channels) in a takedown."""

    class Step(models.TextChoices):
        UNPUBLISHED = "unpublished", "Taken off the blog"
        WITHDRAWING = "withdrawing", "Withdrawal queued on a channel"
        RERENDERED = "rerendered", "Photo re-rendered with the child blurred"

    takedown = models.ForeignKey(Takedown, on_delete=models.CASCADE, related_name="steps")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="takedown_steps")
    step = models.CharField(max_length=12, choices=Step.choices)
    outbox_item = models.ForeignKey(
        OutboxItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["takedown", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.post_id})"


class BlogAccount(models.Model):
    """A member of staff's account on the school blog, made by the head (C3.2)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="blog_accounts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_accounts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["school", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user"],
                condition=Q(closed_at__isnull=True),
                name="one_open_blog_account",
            ),
        ]

    def __str__(self) -> str:
        return f"Blog account of {self.user} at {self.school}"


class PressEnquiry(models.Model):
    """A request for comment from the press or another outlet (C3.8).

    Recorded by whoever received it and passed at once to the roles the
    profile names (`publishing.press_enquiries`), who record what came of it;
    nobody answers for the school before they do.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        ANSWERED = "answered", "Answered"
        DECLINED = "declined", "Declined to comment"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="press_enquiries")
    asked_by = models.CharField("Who asked", max_length=200)
    outlet = models.CharField(max_length=200, help_text="The paper, station or site.")
    received_on = models.DateField("Date received")
    question = models.TextField(help_text="What they asked, in their words as far as you can.")
    # The roles it went to, as the profile named them then.
    routed_to = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True, help_text="What was said, by whom, or why not.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "press enquiries"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(outcome="") & Q(decided_at__isnull=False),
                name="press_enquiry_outcome_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.asked_by} ({self.received_on})"
