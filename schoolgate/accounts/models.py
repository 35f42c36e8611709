"""Sign-in identities. What a person may do comes from people.RoleAssignment."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from schoolgate.core.models import TimeStampedModel

if TYPE_CHECKING:
    from schoolgate.people.models import RoleAssignment


class SchoolgateUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Email addresses are typed in any case; match them as the same account.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who signs in: staff with a second factor, or a parent."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=150, blank=True, help_text="How the person is shown, e.g. 'Mrs Smith'."
    )

    objects: ClassVar[SchoolgateUserManager] = SchoolgateUserManager()
    # Not a field: people.selectors.roles_at keeps the current role
    # assignments on the instance, read once per request.
    _role_cache: list[RoleAssignment]

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.email


class InvitationBatch(TimeStampedModel):
    """One 'invite these people' request, sent by the task worker.

    The page that started it polls `sent` against `total`, like an import.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        SENDING = "sending", "Sending"
        DONE = "done", "Sent"
        FAILED = "failed", "Stopped"

    school = models.ForeignKey(
        "people.School", on_delete=models.CASCADE, related_name="invitation_batches"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent__lte=models.F("total")), name="invitation_sent_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"Invitations #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.sent / self.total) if self.total else 0


class Invitation(TimeStampedModel):
    """An emailed link that lets an imported person set a password, once.

    Only a SHA-256 digest of the link's secret is kept; sending again makes a
    new secret, so an older email's link stops working.
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="invitations")
    school = models.ForeignKey("people.School", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(
        InvitationBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_invitation_per_school"),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.user}"

    def is_open(self, now: datetime) -> bool:
        """Return whether the link still works at that time."""
        return self.accepted_at is None and self.expires_at > now


class SignInProvider(TimeStampedModel):
    """The trust's Microsoft 365 or Google Workspace, for signing in (OpenID Connect).

    `secret_sealed` holds the client secret encrypted (see accounts.crypto).
    An environment variable named by `env_name` overrides the client id or
    secret, for trusts that keep secrets out of the database.
    """

    class Kind(models.TextChoices):
        MICROSOFT = "microsoft", "Microsoft 365"
        GOOGLE = "google", "Google Workspace"
        OIDC = "oidc", "Another OpenID Connect provider"

    trust = models.ForeignKey(
        "people.Trust", on_delete=models.CASCADE, related_name="sign_in_providers"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    tenant = models.CharField(
        "tenant or domain",
        max_length=200,
        blank=True,
        help_text="Microsoft: the directory (tenant) ID or domain. Google: the Workspace domain.",
    )
    issuer = models.URLField(
        blank=True, help_text="Only for another provider: its issuer address."
    )
    client_id = models.CharField("client ID", max_length=200, blank=True)
    secret_sealed = models.TextField(blank=True, editable=False)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["trust", "kind"], name="one_sign_in_provider_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.trust}"

    @property
    def provider_id(self) -> str:
        """Return the id allauth knows this provider by (in its URLs)."""
        return f"{self.trust.slug}-{self.kind}"

    @property
    def env_name(self) -> str:
        """Return the prefix of the environment variables that override this row."""
        slug = "".join(c if c.isalnum() else "_" for c in self.trust.slug.upper())
        return f"SCHOOLGATE_SSO_{slug}_{self.kind.upper()}"

    @property
    def server_url(self) -> str:
        """Return the issuer whose discovery document describes the provider."""
        if self.kind == self.Kind.MICROSOFT:
            return f"https://login.microsoftonline.com/{self.tenant or 'organizations'}/v2.0"
        if self.kind == self.Kind.GOOGLE:
            return "https://accounts.google.com"
        return self.issuer


class SchoolSignIn(TimeStampedModel):
    """How a school's parents sign in: a link emailed each time, or a password.

    A school with no row uses links (parents rarely remember a password for a
    site they open a few times a year).
    """

    class ParentMethod(models.TextChoices):
        LINK = "link", "A sign-in link sent by email each time"
        PASSWORD = "password", "A password they choose"

    school = models.OneToOneField("people.School", on_delete=models.CASCADE, related_name="+")
    parent_method = models.CharField(
        max_length=10, choices=ParentMethod.choices, default=ParentMethod.LINK
    )

    def __str__(self) -> str:
        return f"Sign-in at {self.school}"


class ParentLetterCode(TimeStampedModel):
    """A one-time code printed on a letter, for a parent with no login yet.

    Only a keyed digest of the code is kept (like Django's reset tokens);
    printing again replaces a parent's unused code, and a code works once.
    """

    parent = models.ForeignKey(
        "people.Parent", on_delete=models.CASCADE, related_name="letter_codes"
    )
    school = models.ForeignKey("people.School", on_delete=models.CASCADE, related_name="+")
    code_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Letter code for {self.parent}"

    def is_open(self, now: datetime) -> bool:
        """Return whether the code still works at that time."""
        return self.used_at is None and self.expires_at > now
