"""The demo: SQLite, email as files in var/mail/, a generated secret kept in var/."""

import secrets

from schoolgate.config.env import env

from .base import *  # noqa: F403
from .base import VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)


def _demo_secret_key() -> str:
    """Return a secret kept beside the demo database, made on first use."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default=None) or _demo_secret_key()
# A fixed demo key: fine for fictional evidence, never for a real school's.
# (At least 32 characters, as core.E010 asks of every key.)
SCHOOLGATE_EVIDENCE_KEY = env(
    "SCHOOLGATE_EVIDENCE_KEY", default="schoolgate-demo-evidence-key-for-fictional-data"
)
SCHOOLGATE_CHANNEL_KEY = env(
    "SCHOOLGATE_CHANNEL_KEY", default="schoolgate-demo-channel-key-for-fictional-data"
)
SCHOOLGATE_AUDIT_KEY = env(
    "SCHOOLGATE_AUDIT_KEY", default="schoolgate-demo-audit-key-for-fictional-data-only"
)

# Email: each message a file in var/mail/ (the console buried the demo's logins
# under thousands of lines); EMAIL_URL still sends it elsewhere.
# https://docs.djangoproject.com/en/5.2/topics/email/#file-backend
if not (env("EMAIL_URL", default="") or EMAIL_PROVIDER or EMAIL_OAUTH2_CLIENT_ID):  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
