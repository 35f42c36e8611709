"""Audit sign-in failures, whichever backend refused them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.signals import user_logged_in as allauth_user_logged_in
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from schoolgate.accounts import services

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


@receiver(user_login_failed, dispatch_uid="schoolgate.accounts.login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    services.login_failure_record(email=str(credentials.get("username") or ""))


# The session remembers that the provider confirmed more than a password, for
# the second-factor check (accounts.middleware.provider_mfa_counts).
PROVIDER_MFA_SESSION_KEY = "schoolgate_provider_mfa"


@receiver(allauth_user_logged_in, dispatch_uid="schoolgate.accounts.social_login")
def note_social_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    from schoolgate.accounts.adapters import provider_mfa_used
    from schoolgate.audit.services import audit_log

    used_mfa = provider_mfa_used(sociallogin)
    request.session[PROVIDER_MFA_SESSION_KEY] = used_mfa
    provider = sociallogin.account.provider
    audit_log(event="auth.login", actor=user, extra={"provider": provider, "mfa": used_mfa})
