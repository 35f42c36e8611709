"""Sign-in with a password, then a one-time code for staff; enrolment."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login

from schoolgate.accounts import selectors, services
from schoolgate.accounts.forms import CodeForm, PasswordChangeForm, SignInForm
from schoolgate.audit.services import audit_log
from schoolgate.core.views import ActionRequiredMixin

WRONG_CODE = "That code is not right, or has already been used. Try the newest code in your app."
ENROL_WRONG_CODE = (
    "That code did not match. Wait for the app to show a new code, then type that one."
)
THROTTLED = "Too many wrong codes in a row. Wait a minute, then try the newest code."
# Failures in a row after which the wait django-otp imposes (1, 2, 4, 8 s...)
# is long enough for a person to notice; fewer are just "wrong code".
THROTTLE_NOTICE_AFTER = 3


def _next_url(request: HttpRequest) -> str:
    """Return the page to go on to: `next` if it is on this site, else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(ActionRequiredMixin, auth_views.LoginView):
    action = "account.sign_in"
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(event="auth.login", actor=form.get_user())
        return response


class LogoutView(ActionRequiredMixin, auth_views.LogoutView):
    action = "account.second_factor"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user, school = request.user, getattr(request, "school", None)
        audit_log(event="auth.logout", actor=user, school=school)
        return super().post(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class VerifyView(ActionRequiredMixin, View):
    """Ask a signed-in member of staff for their one-time code."""

    action = "account.second_factor"
    template_name = "accounts/verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not user_has_device(request.user):
            return redirect("accounts:enrol")
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            device = _matching_device(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("code", THROTTLED if _throttled(request.user) else WRONG_CODE)
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "next": _next_url(request)})


def _matching_device(user: Any, code: str) -> Any:
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _throttled(user: Any) -> bool:
    """Return whether every device is refusing codes after many failures."""
    for device in devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if allowed or (data or {}).get("failure_count", 0) < THROTTLE_NOTICE_AFTER:
            return False
    return True


@method_decorator(never_cache, name="dispatch")
class EnrolView(ActionRequiredMixin, View):
    """Set up an authenticator app, then show backup codes once.

    A person who already has a device but has not confirmed a code in this
    session is sent to confirm one: otherwise a stolen password alone could
    enrol a new device and skip the second factor.
    """

    action = "account.second_factor"
    template_name = "accounts/enrol.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user_has_device(user) and not user.is_verified():
            return redirect("accounts:verify")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, CodeForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        device = services.totp_device_start(user=request.user)
        if form.is_valid():
            if services.totp_device_confirm(device=device, token=form.cleaned_data["code"]):
                otp_login(request, device)
                request.second_factor_pending = False  # type: ignore[attr-defined]
                codes = services.backup_codes_issue(user=request.user)
                messages.success(request, "Your authenticator app is set up.")
                return render(request, "accounts/backup_codes.html", {"codes": codes})
            form.add_error("code", ENROL_WRONG_CODE)
        return render(request, self.template_name, self._context(request, form))

    def _context(self, request: HttpRequest, form: CodeForm) -> dict[str, Any]:
        device = services.totp_device_start(user=request.user)
        qr = segno.make(device.config_url, error="m")
        return {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, dark="#111", title="QR code for your app"),
            "secret": _base32(device.bin_key),
        }


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@method_decorator(never_cache, name="dispatch")
class BackupCodesView(ActionRequiredMixin, View):
    """Replace the signed-in user's backup codes, showing the new ones once."""

    action = "account.security"
    template_name = "accounts/backup_codes_new.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        remaining = selectors.backup_codes_remaining(user=request.user)
        return render(request, self.template_name, {"remaining": remaining})

    def post(self, request: HttpRequest) -> HttpResponse:
        codes = services.backup_codes_issue(user=request.user)
        return render(request, "accounts/backup_codes.html", {"codes": codes, "fresh": True})


class PasswordChangeView(ActionRequiredMixin, auth_views.PasswordChangeView):
    action = "account.security"
    form_class = PasswordChangeForm
    template_name = "accounts/password.html"
    success_url = reverse_lazy("accounts:password")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)
