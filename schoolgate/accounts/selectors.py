"""Reads about a person's sign-in: their second-factor devices."""

from django_otp.plugins.otp_static.models import StaticToken

from schoolgate.accounts.models import User
from schoolgate.accounts.services import BACKUP_DEVICE_NAME


def backup_codes_remaining(*, user: User) -> int:
    """Return how many of the user's backup codes are still unused."""
    return StaticToken.objects.filter(
        device__user=user, device__name=BACKUP_DEVICE_NAME, device__confirmed=True
    ).count()
