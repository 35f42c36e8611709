"""How views state who may use them: every view names one action.

Class-based views mix in `ActionRequiredMixin` and set `action`; function
views are wrapped with `@requires("action")`. The permission matrix test and
the `core.E001` system check refuse any URL whose view names no action.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schoolgate.core.permissions import ACTIONS, require


def _sign_in_first(request: HttpRequest, code: str) -> HttpResponse | None:
    """Return the way to sign in when the action is not public and the visitor
    has not signed in; None otherwise."""
    if ACTIONS[code].audience == "public" or request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path())


def _guard(request: HttpRequest, code: str, target: Any) -> HttpResponse | None:
    """Return a response that stops the request, or None to let it through."""
    if ACTIONS[code].audience == "public":
        return None
    stop = _sign_in_first(request, code)
    if stop is not None:
        return stop
    require(request.user, code, target)
    return None


class ActionRequiredMixin:
    """Refuse the request unless the user may take `action` on the target.

    A visitor is sent to sign in before anything else, unless the action is
    public: from `permission_target` on, a view whose action is not public has
    a signed-in user, and may declare `request: SignedInRequest`.
    """

    action: str = ""
    request: HttpRequest

    def permission_target(self) -> Any:
        """Return what the action is taken on; by default the current school.

        Runs after the sign-in check: the user has signed in unless the action
        is public.
        """
        return getattr(self.request, "school", None)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Signed in first, so a visitor's request looks nothing up.
        stop = _sign_in_first(request, self.action)
        if stop is not None:
            return stop
        # The target next: a view whose action depends on the entry (whose
        # approvers differ by who asked) may set `self.action` as it finds it.
        target = self.permission_target()
        stop = _guard(request, self.action, target)
        if stop is not None:
            return stop
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def requires(code: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a function view so that it needs the action on the current school."""
    if code not in ACTIONS:
        raise ValueError(f"unknown action {code}")

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            stop = _guard(request, code, getattr(request, "school", None))
            return stop if stop is not None else view(request, *args, **kwargs)

        guarded.schoolgate_action = code  # type: ignore[attr-defined]
        return guarded

    return wrap


def view_action(callback: Callable[..., Any]) -> str | None:
    """Return the action a resolved URL callback declares, if any."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "action", None) or None
    return getattr(callback, "schoolgate_action", None)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Render the refusal with the reasons the permission layer gave."""
    decision = getattr(exception, "decision", None)
    return render(request, "403.html", {"decision": decision}, status=403)
