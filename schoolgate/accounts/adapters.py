"""django-allauth, fitted to Schoolgate: sign-in through the trust's provider only.

Nobody signs up: a person signing in through Microsoft 365 or Google
Workspace is matched by their school email to a current member of staff the
MIS import made, in the trust whose provider it is, and is connected to that
login. Anyone else is refused with a message on the sign-in page.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect

from schoolgate.accounts.crypto import open_secret
from schoolgate.accounts.models import SignInProvider
from schoolgate.audit.services import audit_log

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

PROVIDER = "openid_connect"
NOT_STAFF = (
    "{email} is not the school email of a member of staff here, so it cannot be used to "
    "sign in. Use the address the school office has for you, or ask them to add it."
)
PROVIDER_FAILED = "Signing in through {name} did not work. Try again, or sign in with a password."


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no types
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: User) -> None:
        # Sessions name the backend that loads the user on the next request;
        # Django's own, since allauth's is not among AUTHENTICATION_BACKENDS.
        user.backend = "django.contrib.auth.backends.ModelBackend"
        super().login(request, user)


def provider_apps() -> list[SocialApp]:
    """Return an allauth app (not saved) for each trust's enabled provider."""
    rows = SignInProvider.objects.filter(enabled=True).select_related("trust")
    return [app for app in (_app(row) for row in rows) if app.client_id]


def _app(row: SignInProvider) -> SocialApp:
    settings: dict[str, Any] = {"server_url": row.server_url, "trust_id": row.trust_id}
    if row.kind == SignInProvider.Kind.GOOGLE and row.tenant:
        settings["auth_params"] = {"hd": row.tenant}
    return SocialApp(
        provider=PROVIDER,
        provider_id=row.provider_id,
        name=f"{row.get_kind_display()}",
        client_id=os.environ.get(f"{row.env_name}_CLIENT_ID") or row.client_id,
        secret=os.environ.get(f"{row.env_name}_SECRET") or open_secret(row.secret_sealed),
        settings=settings,
    )


def _email_of(sociallogin: SocialLogin) -> str:
    data = sociallogin.account.extra_data or {}
    claims = {**data.get("id_token", {}), **data.get("userinfo", {})}
    email = sociallogin.user.email or claims.get("email") or claims.get("preferred_username")
    return str(email or "").strip()


def provider_mfa_used(sociallogin: SocialLogin) -> bool:
    """Return whether the provider says the person used more than a password (`amr`)."""
    claims = (sociallogin.account.extra_data or {}).get("id_token", {})
    return "mfa" in (claims.get("amr") or [])


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # allauth has no types
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def list_apps(
        self, request: HttpRequest, provider: Any = None, client_id: Any = None
    ) -> list[SocialApp]:
        apps = [
            app
            for app in provider_apps()
            if provider in (None, PROVIDER, app.provider_id) and client_id in (None, app.client_id)
        ]
        configured: list[SocialApp] = super().list_apps(
            request, provider=provider, client_id=client_id
        )
        return configured + apps

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Connect the person to their staff login by school email, or refuse them."""
        from schoolgate.people.selectors import staff_user_for_email

        email = _email_of(sociallogin)
        trust_id = sociallogin.provider.app.settings.get("trust_id")
        user = staff_user_for_email(email, trust_id=trust_id) if email else None
        if user is None:
            audit_log(
                event="auth.sign_in_refused",
                extra={"provider": sociallogin.account.provider, "reason": "not staff"},
            )
            messages.error(request, NOT_STAFF.format(email=email or "That account"))
            raise ImmediateHttpResponse(redirect("accounts:login"))
        if sociallogin.is_existing and sociallogin.user.pk != user.pk:
            sociallogin.account.user = user
            sociallogin.account.save(update_fields=["user"])
            sociallogin.user = user
        elif not sociallogin.is_existing:
            sociallogin.connect(request, user)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        messages.error(request, PROVIDER_FAILED.format(name=getattr(provider, "name", "")))
        raise ImmediateHttpResponse(redirect("accounts:login"))
