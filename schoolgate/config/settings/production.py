"""Production: no default for secrets, HTTPS everywhere.

`schoolgate check --deploy` (Django's deploy checks) reports nothing here.
"""

from schoolgate.config.env import env

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, require_key, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(env("SECRET_KEY", default=None))
SCHOOLGATE_EVIDENCE_KEY = require_key("SCHOOLGATE_EVIDENCE_KEY")
SCHOOLGATE_CHANNEL_KEY = require_key("SCHOOLGATE_CHANNEL_KEY")
SCHOOLGATE_AUDIT_KEY = require_key("SCHOOLGATE_AUDIT_KEY")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading puts the domain on the browsers' built-in HTTPS-only list, which
# takes months to leave: only when asked for (SECURE_HSTS_PRELOAD=true).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Django's deploy check would otherwise warn that preload is off.
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
