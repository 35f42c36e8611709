"""Second-factor devices: enrolment and backup codes."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolgate.accounts.models import User
from schoolgate.audit.services import audit_log

BACKUP_CODE_COUNT = 8


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, making one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the device if the code is right; return whether it was."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(event="auth.second_factor_enrolled", actor=device.user, subject=device.user)
    return True


@transaction.atomic
def backup_codes_issue(*, user: User, codes: list[str] | None = None) -> list[str]:
    """Replace the user's backup codes with fresh ones and return them.

    Each code works once. `codes` fixes the values (for the demo trust only).
    """
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    device.token_set.all().delete()
    values = codes or [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=v) for v in values)
    audit_log(event="auth.backup_codes_issued", actor=user, subject=user)
    return values
