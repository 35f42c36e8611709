"""Production: no default for secrets, HTTPS everywhere.

`schoolgate check --deploy` (Django's deploy checks) reports nothing here.
"""

from .base import *  # noqa: F403
from .base import env, require_secret_key, require_setting

DEBUG = False
SECRET_KEY = require_secret_key(env("SECRET_KEY", default=None))
SCHOOLGATE_EVIDENCE_KEY = require_setting("SCHOOLGATE_EVIDENCE_KEY")
SCHOOLGATE_CHANNEL_KEY = require_setting("SCHOOLGATE_CHANNEL_KEY")
SCHOOLGATE_AUDIT_KEY = require_setting("SCHOOLGATE_AUDIT_KEY")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
