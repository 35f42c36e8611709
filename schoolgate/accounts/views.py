"""Sign-in with a password, then a one-time code for staff; enrolment."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login

from schoolgate.accounts import services
from schoolgate.accounts.forms import CodeForm, SignInForm
from schoolgate.audit.services import audit_log
from schoolgate.core.views import ActionRequiredMixin


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


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


class VerifyView(ActionRequiredMixin, View):
    """Ask a signed-in member of staff for their one-time code."""

    action = "account.second_factor"
    template_name = "accounts/verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not user_has_device(request.user):
            return redirect("accounts:enrol")
        return render(request, self.template_name, {"form": CodeForm(), "next": _next_url(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            device = _matching_device(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("code", "That code is not right, or has been used. Try the newest one.")
        return render(request, self.template_name, {"form": form, "next": _next_url(request)})


def _matching_device(user: Any, code: str) -> Any:
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


class EnrolView(ActionRequiredMixin, View):
    """Set up an authenticator app, then show backup codes once."""

    action = "account.second_factor"
    template_name = "accounts/enrol.html"

    def _context(self, request: HttpRequest, form: CodeForm) -> dict[str, Any]:
        device = services.totp_device_start(user=request.user)
        qr = segno.make(device.config_url, error="m")
        return {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, dark="#111"),
            "secret": _base32(device.bin_key),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        if user_has_device(request.user) and not request.user.is_verified():
            return redirect("accounts:verify")
        return render(request, self.template_name, self._context(request, CodeForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        device = services.totp_device_start(user=request.user)
        if form.is_valid() and services.totp_device_confirm(
            device=device, token=form.cleaned_data["code"]
        ):
            otp_login(request, device)
            codes = services.backup_codes_issue(user=request.user)
            messages.success(request, "Your authenticator app is set up.")
            return render(request, "accounts/backup_codes.html", {"codes": codes})
        form.add_error(None, "That code did not match. Check the app's clock and try again.")
        return render(request, self.template_name, self._context(request, form))


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
