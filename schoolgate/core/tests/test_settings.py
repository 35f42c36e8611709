"""Production settings: safe by default, and they refuse to start half-configured."""

import os
import subprocess
import sys

PRODUCTION = "schoolgate.config.settings.production"


def _django(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_report_nothing_in_production():
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        SCHOOLGATE_EVIDENCE_KEY="a-long-random-evidence-secret-" + "y" * 40,
        SCHOOLGATE_CHANNEL_KEY="a-long-random-channel-secret-" + "z" * 40,
        SCHOOLGATE_AUDIT_KEY="a-long-random-audit-secret-" + "w" * 40,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _django(["check"])
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
