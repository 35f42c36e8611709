"""Session rules: idle sessions end; staff confirm a second factor."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

LAST_SEEN = "schoolgate_last_seen"
# Pages a staff member must reach before their second factor is confirmed.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:verify",
        "accounts:enrol",
        "accounts:logout",
        "web:health",
    }
)


def policy_schools(request: HttpRequest, user: User) -> list[Any]:
    """Return the schools where the user holds a role, read once per request.

    The switcher's `request.schools` are plain rows; the second factor and the
    idle limit read each school's policy, so they need the models.
    """
    cached = getattr(request, "_policy_schools", None)
    if cached is None:
        from schoolgate.accounts.policy import schools_of

        # The school worked in is the request's own object, so its policy,
        # read here with the others in one query, is not read again.
        current = getattr(request, "school", None)
        cached = [
            current if current is not None and s.pk == current.pk else s for s in schools_of(user)
        ]
        request._policy_schools = cached  # type: ignore[attr-defined]
    return cached


def idle_minutes(request: HttpRequest, user: User) -> int:
    """Return the user's idle limit: the shortest of every school they work at."""
    from schoolgate.accounts.policy import idle_limit_minutes

    # The switcher's rows are every school where the user holds a role.
    schools = getattr(request, "schools", None)
    return idle_limit_minutes(user, schools if schools else None)


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than the policy allows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from schoolgate.accounts.models import User

        user = request.user
        # Only a User is ever signed in: the same test as is_authenticated, typed.
        if isinstance(user, User) and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > idle_minutes(request, user) * 60:
                from schoolgate.audit.services import audit_log

                audit_log(
                    event="auth.session_expired",
                    actor=request.user,
                    school=getattr(request, "school", None),
                )
                logout(request)
                messages.info(request, "You were signed out after a period of inactivity.")
                return redirect_to_login(request.get_full_path())
            request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Send staff who have not confirmed a one-time code to do so first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Templates read this to hide the navigation until the code is confirmed.
        request.second_factor_pending = _second_factor_pending(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if not request.second_factor_pending:
            return None
        match = request.resolver_match
        if match and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        from django_otp import user_has_device

        target = reverse("accounts:verify" if user_has_device(request.user) else "accounts:enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def _second_factor_pending(request: HttpRequest) -> bool:
    """Return whether the user must still confirm a code in this session."""
    from schoolgate.accounts.models import User

    user = request.user
    # django_otp's middleware gives request.user is_verified(); django-otp has no types.
    # Only a User is ever signed in: isinstance is the same test, typed.
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.is_verified():  # type: ignore[attr-defined]
        return False
    if provider_mfa_counts(request):
        return False
    return _second_factor_required(request, user)


def provider_mfa_counts(request: HttpRequest) -> bool:
    """Return whether the identity provider's own MFA stands for the second factor.

    Only when the person signed in through the trust's Microsoft or Google
    account, the provider said it checked more than a password, and the
    school's policy accepts that (off unless the policy says so).
    """
    from schoolgate.accounts.signals import PROVIDER_MFA_SESSION_KEY

    school = getattr(request, "school", None)
    if school is None or not request.session.get(PROVIDER_MFA_SESSION_KEY):
        return False
    from schoolgate.accounts.policy import provider_mfa_counts

    return provider_mfa_counts(school)


def _second_factor_required(request: HttpRequest, user: User) -> bool:
    # Decided over every school the person works at, never by the school
    # they happen to be looking at: permission is judged at the target's
    # school, so a lax setting at one school must not open another's records.
    from schoolgate.accounts.policy import second_factor_required

    return second_factor_required(user, policy_schools(request, user))
