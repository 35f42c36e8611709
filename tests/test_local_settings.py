"""The demo's settings (`make run`): where its email goes, what its links say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from schoolgate.core.management.commands.serve import HOST, PORT

SEND_ONE = """
import django
django.setup()
from django.conf import settings
from django.core.mail import send_mail
send_mail("Approve: Farm visit", "A post waits for you.", None, ["head@puddlecombe.demo.test"])
print(settings.SCHOOLGATE_SITE_URL)
"""


def _demo_python(var: Path) -> subprocess.CompletedProcess[str]:
    unset = ("DATABASE_URL", "EMAIL_URL", "SCHOOLGATE_SITE_URL")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env |= {
        "DJANGO_SETTINGS_MODULE": "schoolgate.config.settings.local",
        "SCHOOLGATE_VAR_DIR": str(var),
    }
    return subprocess.run(
        [sys.executable, "-c", SEND_ONE], env=env, check=True, capture_output=True, text=True
    )


def test_the_demos_email_is_a_file_in_var_mail_not_console_output(tmp_path):
    ran = _demo_python(tmp_path)
    (message,) = (tmp_path / "mail").iterdir()
    assert "Subject: Approve: Farm visit" in message.read_text()
    assert "A post waits for you." not in ran.stdout + ran.stderr


def test_links_in_the_demos_email_name_the_address_serve_listens_on(tmp_path):
    assert _demo_python(tmp_path).stdout.strip() == f"http://{HOST}:{PORT}"
