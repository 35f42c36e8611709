"""Settings shared by every environment.

School policy is data in the database (profiles and overrides), never here.
Reference: https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import os
from pathlib import Path
from typing import Any

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from schoolgate.config.env import BASE_DIR, env

# ---------------------------------------------------------------------------
# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
# ---------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default=None)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxies in front of Schoolgate, outermost first (addresses or
# CIDR networks, one per hop). Empty: the visitor's address is REMOTE_ADDR.
# Read by schoolgate.core.client_ip for the comment rate limit, the audit
# log and the sign-in lock-out.
SCHOOLGATE_TRUSTED_PROXIES = env.list("SCHOOLGATE_TRUSTED_PROXIES", default=[])
VAR_DIR = Path(env("SCHOOLGATE_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "schoolgate.core",
    "schoolgate.accounts",
    "schoolgate.people",
    "schoolgate.consent",
    "schoolgate.policy",
    "schoolgate.audit",
    "schoolgate.web",
    "schoolgate.compliance",
    "schoolgate.sanctions",
    "schoolgate.devices",
    "schoolgate.registers",
    "schoolgate.safeguarding",
    "schoolgate.publishing",
    "schoolgate.photos",
    "schoolgate.moderation",
    "schoolgate.notifications",
    "schoolgate.dataprotection",
    # After the project's apps, so that its templates replace allauth's.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # Before anything reads the query string: no control characters in it.
    "schoolgate.core.middleware.QueryCleaningMiddleware",
    # Then: answers anonymous repeat visits to the public blog from the cache.
    "schoolgate.publishing.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the session rules below, which leave a message when they sign out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "schoolgate.core.middleware.CurrentSchoolMiddleware",
    "schoolgate.accounts.middleware.IdleTimeoutMiddleware",
    "schoolgate.accounts.middleware.SecondFactorRequiredMiddleware",
    # After the second factor: staff then sign the current policy first.
    "schoolgate.compliance.middleware.SignoffRequiredMiddleware",
    "schoolgate.audit.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a lock-out answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "schoolgate.config.urls"
WSGI_APPLICATION = "schoolgate.config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schoolgate.web.context_processors.navigation",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite (WAL) unless DATABASE_URL names another.
# https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'schoolgate.sqlite3'}"),
}
SQLITE_OPTIONS = {
    # IMMEDIATE: the web server and the task worker both write; a deferred
    # transaction that upgrades to a write lock fails instead of waiting.
    "transaction_mode": "IMMEDIATE",
    # Seconds a writer waits for another's commit (an import commits every
    # 1,000 rows) before "database is locked".
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler pays seconds to compile a page's query whose
    # estimated cost is high (per-pupil subqueries in the consent register),
    # to save milliseconds: measured 6.3 s of a 6.5 s query at 2,000 pupils.
    # A web app's short queries never gain from it. A DATABASE_URL that sets
    # ?options=... keeps its own.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# ---------------------------------------------------------------------------
# Cache: shared by every web process and the task worker, so that a post
# published or taken down shows at once on every process's public pages.
# https://docs.djangoproject.com/en/5.2/topics/cache/
# ---------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}

# ---------------------------------------------------------------------------
# Background work: the Django tasks API with the database backend.
# https://github.com/RealOrangeOne/django-tasks-db
# ---------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# ---------------------------------------------------------------------------
# Sign-in: passwords, second factor, lock-out, idle sessions.
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Parents' one-time sign-in links; it answers only to a `sesame` token.
    "sesame.backends.ModelBackend",
    "schoolgate.core.permissions.PolicyPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = "Schoolgate"
# django-axes: lock the account (not the address) after repeated failures.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("LOGIN_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# The sign-in form's field is `username`; accounts are keyed by email in any case.
AXES_USERNAME_CALLABLE = "schoolgate.accounts.lockout.username"
# The visitor's address as everything else reads it (behind a trusted proxy).
AXES_CLIENT_IP_CALLABLE = "schoolgate.core.client_ip.client_ip"
SILENCED_SYSTEM_CHECKS = [
    # A school's staff share one public address: locking by address would lock
    # out the whole staff room, so lock-out is per account.
    "axes.W006",
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The idle limit comes from the school's policy; this is the ceiling for
# accounts with no school (and the cookie's own life).
SESSION_IDLE_MINUTES_DEFAULT = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# ---------------------------------------------------------------------------
# Sign-in with the trust's Microsoft 365 or Google Workspace (OpenID Connect).
# Each trust's provider is set up on its sign-in settings page (see
# schoolgate.accounts.adapters); nobody signs up: people come from the MIS.
# https://docs.allauth.org/en/latest/socialaccount/providers/openid_connect.html
# ---------------------------------------------------------------------------
SOCIALACCOUNT_ONLY = True
SOCIALACCOUNT_ADAPTER = "schoolgate.accounts.adapters.SocialAccountAdapter"
ACCOUNT_ADAPTER = "schoolgate.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter matches staff by email itself
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# Parents' sign-in links (django-sesame): good for one use, for 30 minutes.
# https://django-sesame.readthedocs.io/en/stable/reference.html#settings
SESAME_MAX_AGE = 30 * 60
SESAME_ONE_TIME = True

# ---------------------------------------------------------------------------
# Time and language: schools keep London time.
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Files: static through WhiteNoise, uploads on the school's own store.
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# `photos` and `evidence` (encrypted before it is written) are the stores
# every web and task process must share: the local disk for one machine,
# Azure Blob Storage or S3 for several (docs: README "Where files live").
SCHOOLGATE_STORAGE = env("SCHOOLGATE_STORAGE", default="local")
_STORE_BACKENDS = {
    "local": None,
    "azure": "schoolgate.core.storage_azure.PrivateAzureStorage",
    "s3": "schoolgate.core.storage_s3.PrivateS3Storage",
}
if SCHOOLGATE_STORAGE not in _STORE_BACKENDS:
    raise ImproperlyConfigured(
        f"SCHOOLGATE_STORAGE={SCHOOLGATE_STORAGE!r}: use local, azure or s3."
    )


def _remote_store(location: str) -> dict[str, Any]:
    options: dict[str, Any] = {"location": location}
    if SCHOOLGATE_STORAGE == "azure":
        options |= {
            "azure_container": env("AZURE_CONTAINER", default="schoolgate"),
            "connection_string": env("AZURE_CONNECTION_STRING", default=None),
            "account_name": env("AZURE_ACCOUNT_NAME", default=None),
            "account_key": env("AZURE_ACCOUNT_KEY", default=None),
        }
    else:
        options |= {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        }
    return {"BACKEND": _STORE_BACKENDS[SCHOOLGATE_STORAGE], "OPTIONS": options}


if SCHOOLGATE_STORAGE == "local":
    _STORES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "photos": {"BACKEND": "schoolgate.photos.storage.PhotoStorage"},
        "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
else:
    _STORES = {name: _remote_store(name) for name in ("default", "photos", "evidence")}
STORAGES = {
    **_STORES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Safeguarding evidence is encrypted with a key derived from this secret;
# losing it loses the evidence. Production refuses to start without it.
SCHOOLGATE_EVIDENCE_KEY = env("SCHOOLGATE_EVIDENCE_KEY", default=None)
# Social channels' credentials are encrypted with a key derived from this one
# (a separate key, so one leaked key does not open both). Required in production.
SCHOOLGATE_CHANNEL_KEY = env("SCHOOLGATE_CHANNEL_KEY", default=None)
# The audit chain's entries are HMACs keyed by this secret, kept outside the
# database, so someone with only the database cannot rebuild the chain.
# Required in production; losing it leaves the log unverifiable.
SCHOOLGATE_AUDIT_KEY = env("SCHOOLGATE_AUDIT_KEY", default=None)
# The chain's head is appended here each day and at each `audit verify`, and
# emailed to these addresses (the DPO's, say) if any: a truncated or wiped log
# then no longer matches what was anchored outside the database.
SCHOOLGATE_AUDIT_ANCHOR_FILE = env(
    "SCHOOLGATE_AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.log")
)
SCHOOLGATE_AUDIT_ANCHOR_EMAIL = env.list("SCHOOLGATE_AUDIT_ANCHOR_EMAIL", default=[])
# The public address, for links in posts sent to social channels and in emails.
# The default is where `schoolgate serve` listens (127.0.0.1, not localhost: a
# browser keeps separate sign-ins for the two), and `serve --host/--port` set it when it is unset.
SCHOOLGATE_SITE_URL = env("SCHOOLGATE_SITE_URL", default="http://127.0.0.1:8000")
# Off by default: posts go to the local outbox transport. When on, a social
# channel with stored credentials is sent to its platform for real.
SCHOOLGATE_LIVE_CHANNELS = env.bool("SCHOOLGATE_LIVE_CHANNELS", default=False)
# The Facebook Graph API version every Page call uses. Meta retires each version
# about two years after it ships (v21.0 on 21 January 2027); v26.0 shipped in July 2026.
SCHOOLGATE_FACEBOOK_GRAPH_VERSION = env("SCHOOLGATE_FACEBOOK_GRAPH_VERSION", default="v26.0")
# Local development only: let a channel's server be on this machine (loopback,
# plain http). Channels otherwise reach https servers on public addresses only.
SCHOOLGATE_CHANNEL_ALLOW_LOOPBACK = env.bool("SCHOOLGATE_CHANNEL_ALLOW_LOOPBACK", default=False)
# Routine work run by `schoolgate schedule` (and so by `serve`): the daily
# jobs at this local time, fetching social comments every N minutes.
SCHOOLGATE_DAILY_AT = env("SCHOOLGATE_DAILY_AT", default="06:30")
SCHOOLGATE_FETCH_MINUTES = env.int("SCHOOLGATE_FETCH_MINUTES", default=10)
# ... and sweeping up interrupted work (the outbox, photo checks) every N minutes.
SCHOOLGATE_SWEEP_MINUTES = env.int("SCHOOLGATE_SWEEP_MINUTES", default=5)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# ---------------------------------------------------------------------------
# Email
# https://docs.djangoproject.com/en/5.2/topics/email/
# ---------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Microsoft 365 and others that refuse SMTP passwords: EMAIL_URL names the
# server and the mailbox (smtp+tls://office@school.org.uk@smtp.office365.com:587),
# and the app's client id and secret fetch a token (schoolgate.core.mail).
EMAIL_OAUTH2_CLIENT_ID = env("EMAIL_OAUTH2_CLIENT_ID", default="")
EMAIL_OAUTH2_CLIENT_SECRET = env("EMAIL_OAUTH2_CLIENT_SECRET", default="")
EMAIL_OAUTH2_TENANT = env("EMAIL_OAUTH2_TENANT", default="")
EMAIL_OAUTH2_TOKEN_URL = env(
    "EMAIL_OAUTH2_TOKEN_URL",
    default=(
        f"https://login.microsoftonline.com/{EMAIL_OAUTH2_TENANT}/oauth2/v2.0/token"
        if EMAIL_OAUTH2_TENANT
        else ""
    ),
)
EMAIL_OAUTH2_SCOPE = env("EMAIL_OAUTH2_SCOPE", default="https://outlook.office365.com/.default")
if EMAIL_OAUTH2_CLIENT_ID:
    EMAIL_BACKEND = "schoolgate.core.mail.OAuth2SMTPBackend"
# Or a provider's HTTP API through django-anymail: EMAIL_PROVIDER=sendgrid,
# postmark, mailgun, amazon_ses, brevo, resend ..., with its settings as
# ANYMAIL_<NAME> variables (ANYMAIL_SENDGRID_API_KEY=...).
EMAIL_PROVIDER = env("EMAIL_PROVIDER", default="")
if EMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {
        name.removeprefix("ANYMAIL_"): value
        for name, value in os.environ.items()
        if name.startswith("ANYMAIL_")
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Schoolgate <schoolgate@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Security headers (production tightens these further).
# ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and everything else
# from Schoolgate's own address only, and no inline script or style at all,
# so that text a visitor slips into a page can never run.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page asks for the
# camera, microphone, location or the like, so none may.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}


def require_secret_key(value: str | None) -> str:
    """Return the secret key, refusing to start without one."""
    if not value:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
    return value


def require_setting(name: str) -> str:
    """Return an environment value that has no safe default, or refuse to start."""
    value = env(name, default=None)
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment.")
    return str(value)


# The shortest secret an encryption key is derived from (see core.checks).
KEY_MIN_CHARS = 32


def require_key(name: str) -> str:
    """Return a secret keys are derived from, refusing one too short to resist guessing."""
    value = require_setting(name)
    if len(value) < KEY_MIN_CHARS:
        raise ImproperlyConfigured(
            f"{name} is {len(value)} characters long; use at least {KEY_MIN_CHARS} random "
            "characters, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return value
