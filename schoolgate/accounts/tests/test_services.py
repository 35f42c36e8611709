"""Second-factor devices, backup codes and the masking of failed sign-ins."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice

from schoolgate.accounts import selectors, services
from schoolgate.accounts.tests.factories import totp_code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Teacher@Larkspur.test", "t***@l***.test"),
        ("a@b", "a***@***"),
        ("not-an-address", "***"),
        ("", ""),
    ],
)
def test_email_mask_keeps_only_first_letters(typed, stored):
    assert services.email_mask(typed) == stored


def test_backup_codes_replace_the_old_set(personas):
    first = services.backup_codes_issue(user=personas.teacher)
    second = services.backup_codes_issue(user=personas.teacher)
    assert len(second) == services.BACKUP_CODE_COUNT
    device = StaticDevice.objects.get(user=personas.teacher)
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(second)
    assert not set(first) & set(second)
    assert selectors.backup_codes_remaining(user=personas.teacher) == len(second)


def test_a_device_is_confirmed_only_by_its_own_code(personas):
    device = services.totp_device_start(user=personas.head)
    assert services.totp_device_start(user=personas.head) == device
    wrong = f"{(int(totp_code(device)) + 1) % 10**6:06d}"
    assert services.totp_device_confirm(device=device, token=wrong) is False
    device.throttle_reset()  # django-otp makes a second try wait a second
    assert services.totp_device_confirm(device=device, token=totp_code(device)) is True
    device.refresh_from_db()
    assert device.confirmed
