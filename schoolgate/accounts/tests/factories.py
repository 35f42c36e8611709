"""Second-factor devices for tests, and the codes they would show."""

from __future__ import annotations

from typing import Any

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user: Any) -> TOTPDevice:
    """Return a confirmed authenticator device for the user."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """Return the code the device's app shows now (or a later step's code)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def invitation(user: Any, school: Any, *, sent: bool = True) -> Any:
    """Return an invitation for the user at the school (sent, with an unknown link)."""
    from datetime import timedelta

    from django.utils import timezone

    from schoolgate.accounts.models import Invitation

    now = timezone.now()
    return Invitation.objects.create(
        user=user,
        school=school,
        token_digest=f"test-{user.pk}-{school.pk}",
        sent_at=now if sent else None,
        expires_at=now + timedelta(days=7),
        send_count=int(sent),
    )
