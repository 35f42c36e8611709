"""Production refuses to start without the key that seals evidence."""

import os
import subprocess
import sys


def test_production_refuses_to_start_without_an_evidence_key():
    env = {k: v for k, v in os.environ.items() if k != "SCHOOLGATE_EVIDENCE_KEY"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "schoolgate.config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SCHOOLGATE_EVIDENCE_KEY" in result.stderr
