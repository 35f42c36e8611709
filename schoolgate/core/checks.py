"""System checks: every URL names an action, every profile loads (core/policy)."""

from typing import Any

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from schoolgate.core.permissions import ACTIONS
from schoolgate.core.views import view_action


def iter_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str, Any]]:
    """Return (route, qualified name, callback) for every URL in the project."""
    found: list[tuple[str, str, Any]] = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += iter_patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            found.append((prefix + str(entry.pattern), name, entry.callback))
    return found


@checks.register(checks.Tags.security)
def check_every_url_names_an_action(**kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for route, name, callback in iter_patterns():
        action = view_action(callback)
        if action is None or action not in ACTIONS:
            errors.append(
                checks.Error(
                    f"URL {route!r} ({name or 'unnamed'}) names no registered action.",
                    hint="Mix in ActionRequiredMixin with `action`, or use @requires.",
                    id="core.E001",
                )
            )
        if not name:
            errors.append(checks.Error(f"URL {route!r} has no name.", id="core.E002"))
    return errors


# Secrets that encryption keys are derived from (core.crypto).
KEY_SETTINGS = ("SCHOOLGATE_EVIDENCE_KEY", "SCHOOLGATE_CHANNEL_KEY", "SCHOOLGATE_AUDIT_KEY")
KEY_HINT = "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))'"


@checks.register(checks.Tags.security)
def check_keys_are_long_enough(**kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse a key shorter than KEY_MIN_CHARS wherever one is set."""
    from django.conf import settings

    from schoolgate.config.settings.base import KEY_MIN_CHARS

    errors: list[checks.CheckMessage] = []
    for name in KEY_SETTINGS:
        value = getattr(settings, name, None) or ""
        if value and len(value) < KEY_MIN_CHARS:
            errors.append(
                checks.Error(
                    f"{name} is {len(value)} characters long; a key shorter than "
                    f"{KEY_MIN_CHARS} characters can be guessed.",
                    hint=KEY_HINT,
                    id="core.E010",
                )
            )
    return errors


@checks.register()
def check_profiles_load(**kwargs: Any) -> list[checks.CheckMessage]:
    from schoolgate.policy.engine import PROFILE_CODES, PolicyError, load_profile

    errors: list[checks.CheckMessage] = []
    for code in PROFILE_CODES:
        try:
            load_profile(code)
        except PolicyError as exc:
            errors.append(checks.Error(str(exc), id="policy.E001"))
    return errors
