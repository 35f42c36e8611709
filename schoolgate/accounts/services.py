"""Second-factor devices: enrolment and backup codes."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolgate.accounts.models import User
from schoolgate.audit.services import audit_log

BACKUP_CODE_COUNT = 8
BACKUP_DEVICE_NAME = "Backup codes"


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, making one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


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
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME)
    device.token_set.all().delete()
    values = codes or [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=v) for v in values)
    audit_log(event="auth.backup_codes_issued", actor=user, subject=user)
    return values


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """Set a new password for the user (already validated) and audit it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(event="auth.password_changed", actor=user, subject=user)


def login_failure_record(*, email: str) -> None:
    """Audit a failed sign-in, keeping only a masked form of the address typed.

    The address may belong to nobody, or be someone's password typed into the
    wrong box, so it is never stored whole.
    """
    audit_log(event="auth.login_failed", extra={"email": email_mask(email)})


def email_mask(email: str) -> str:
    """Return the address with all but the first letter of each part hidden."""
    text = (email or "").strip().lower()
    if "@" not in text:
        return "***" if text else ""
    local, _, domain = text.rpartition("@")
    name, dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***{dot}{tld if dot else ''}"
