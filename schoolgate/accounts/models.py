"""Sign-in identities. What a person may do comes from people.RoleAssignment."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.email
