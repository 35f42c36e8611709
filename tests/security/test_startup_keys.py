"""Keys too short to resist guessing refuse to start; HSTS preload is opt-in.

Attack: an evidence or channel key such as "secret" lets anyone with a copy
of the database decrypt safeguarding evidence and the school's social media
credentials by guessing. A key under 32 characters fails a system check
(core.E010) everywhere and stops production settings from loading.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import checks

PRODUCTION = "schoolgate.config.settings.production"
KEY_SETTINGS = ("SCHOOLGATE_EVIDENCE_KEY", "SCHOOLGATE_CHANNEL_KEY", "SCHOOLGATE_AUDIT_KEY")
LONG = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "SCHOOLGATE_EVIDENCE_KEY": "a-long-random-evidence-secret-" + "y" * 40,
    "SCHOOLGATE_CHANNEL_KEY": "a-long-random-channel-secret-" + "z" * 40,
    "SCHOOLGATE_AUDIT_KEY": "a-long-random-audit-secret-" + "w" * 40,
}


def _production(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*LONG, "DATABASE_URL", "SECURE_HSTS_PRELOAD", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": PRODUCTION, **LONG, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", KEY_SETTINGS)
def test_a_short_key_fails_the_system_check(name, settings):
    setattr(settings, name, "x" * 31)
    errors = [e for e in checks.run_checks() if e.id == "core.E010"]
    assert len(errors) == 1
    assert f"{name} is 31 characters long" in errors[0].msg


def test_the_test_keys_are_long_enough():
    assert not [e for e in checks.run_checks() if e.id == "core.E010"]
    assert all(len(getattr(settings, name)) >= 32 for name in KEY_SETTINGS)


@pytest.mark.parametrize("name", KEY_SETTINGS)
def test_production_refuses_to_start_with_a_short_key(name):
    result = _production("print('started')", **{name: "short-key"})
    assert result.returncode != 0
    assert f"{name} is 9 characters long; use at least 32" in result.stderr


def test_hsts_preload_is_off_unless_asked_for():
    show = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    assert _production(show).stdout.strip() == "False"
    assert _production(show, SECURE_HSTS_PRELOAD="true").stdout.strip() == "True"
