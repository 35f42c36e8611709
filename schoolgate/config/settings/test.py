"""The test suite: fast hashing, tasks run at once, mail kept in memory."""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

SECRET_KEY = "test-only-secret-key-not-for-use-anywhere-else"  # noqa: S105
SCHOOLGATE_EVIDENCE_KEY = "test-only-evidence-key-never-for-real-evidence"  # noqa: S105
SCHOOLGATE_CHANNEL_KEY = "test-only-channel-key-never-for-real-channels"  # noqa: S105
SCHOOLGATE_AUDIT_KEY = "test-only-audit-key-not-for-use-anywhere-else"  # noqa: S105
# Each test's database is new: anchors of one test's log would fail the next.
# The tests of anchoring point this at a file of their own.
SCHOOLGATE_AUDIT_ANCHOR_FILE = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "photos": {"BACKEND": "schoolgate.photos.storage.PhotoStorage"},
    "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
AXES_ENABLED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The live server of the browser tests shares this in-memory database.
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        "TEST": {"NAME": ":memory:"},
    }
# Serve static files from the apps directly; tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
