"""Sign-in with a password, then a one-time code for staff; enrolment."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login

from schoolgate.accounts import selectors, services, throttle
from schoolgate.accounts.forms import (
    CodeForm,
    EmailForm,
    LetterCodeForm,
    ParentMethodForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInForm,
    SignInProviderForm,
)
from schoolgate.audit.services import audit_log
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.core.views import ActionRequiredMixin
from schoolgate.people.selectors import is_staff_member

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from schoolgate.accounts.adapters import provider_apps

        return super().get_context_data(**kwargs) | {"providers": provider_apps()}

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        # A "Sign in with ..." form redirects to the provider, and the
        # Content-Security-Policy's form-action covers where a form's
        # redirects lead: name each provider's own address, and no other.
        origins = sorted({_origin(app.settings["server_url"]) for app in context["providers"]})
        if origins:
            response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
        return response

    def form_valid(self, form: auth_forms.AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(event="auth.login", actor=form.get_user())
        return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


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

    def post(self, request: SignedInRequest) -> HttpResponse:
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


def _matching_device(user: User, code: str) -> Any:
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _throttled(user: User) -> bool:
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
        # django_otp's middleware gives request.user is_verified(); django-otp has no types.
        if user.is_authenticated and user_has_device(user) and not user.is_verified():  # type: ignore[attr-defined]
            return redirect("accounts:verify")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: SignedInRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, CodeForm()))

    def post(self, request: SignedInRequest) -> HttpResponse:
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

    def _context(self, request: SignedInRequest, form: CodeForm) -> dict[str, Any]:
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

    def get(self, request: SignedInRequest) -> HttpResponse:
        remaining = selectors.backup_codes_remaining(user=request.user)
        return render(request, self.template_name, {"remaining": remaining})

    def post(self, request: SignedInRequest) -> HttpResponse:
        codes = services.backup_codes_issue(user=request.user)
        return render(request, "accounts/backup_codes.html", {"codes": codes, "fresh": True})


class PasswordChangeView(ActionRequiredMixin, auth_views.PasswordChangeView):
    action = "account.security"
    form_class = PasswordChangeForm
    template_name = "accounts/password.html"
    success_url = reverse_lazy("accounts:password")

    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


# ---------------------------------------------------------------------------
# Forgotten passwords: Django's own views, in the project's pages
# ---------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


class PasswordResetView(ActionRequiredMixin, auth_views.PasswordResetView):
    """Email a reset link; the page after says the same whether or not it went."""

    action = "account.sign_in"
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        allowed = throttle.within_rate(kind="reset", email=email, ip=client_ip(self.request))
        services.password_reset_record(email=email, sent=allowed)
        if not allowed:
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetDoneView(ActionRequiredMixin, auth_views.PasswordResetDoneView):
    action = "account.sign_in"
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(ActionRequiredMixin, auth_views.PasswordResetConfirmView):
    action = "account.sign_in"
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: auth_forms.SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        services.password_reset_audit(user=form.user)
        return response


class PasswordResetCompleteView(ActionRequiredMixin, auth_views.PasswordResetCompleteView):
    action = "account.sign_in"
    template_name = "accounts/password_reset_complete.html"


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class InvitationListView(ActionRequiredMixin, View):
    """Who has been invited and who has not accepted yet; invite the rest."""

    action = "account.invite"
    template_name = "accounts/invitations.html"
    groups = {"staff": selectors.staff_invitations, "parents": selectors.parent_invitations}

    def get(self, request: SchoolRequest) -> HttpResponse:
        school = current_school(request)
        groups = {who: rows(school) for who, rows in self.groups.items()}
        context = {
            "groups": groups,
            "waiting": {who: _not_invited(rows) for who, rows in groups.items()},
            "method_form": ParentMethodForm(
                initial={"parent_method": selectors.parent_method(school)}
            ),
        }
        return render(request, self.template_name, context)

    def post(self, request: SignedInRequest) -> HttpResponse:
        school = current_school(request)
        who = request.POST.get("who", "staff")
        rows = self.groups.get(who, selectors.staff_invitations)(school)
        users = [r.user for r in _not_invited(rows)]
        if not users:
            messages.info(request, "Everyone with a login here has been invited already.")
            return redirect("accounts:invitations")
        batch = services.invitation_batch_create(
            school=school, users=users, base_url=_base_url(request), actor=request.user
        )
        return redirect("accounts:invitation_batch", pk=batch.pk)


def _not_invited(rows: list[selectors.InvitationRow]) -> list[selectors.InvitationRow]:
    return [r for r in rows if r.state == "not_invited"]


class ParentMethodView(ActionRequiredMixin, View):
    """Choose whether the school's parents sign in by emailed link or by password."""

    action = "account.invite"

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = ParentMethodForm(request.POST)
        if form.is_valid():
            services.school_sign_in_set(
                school=current_school(request),
                parent_method=form.cleaned_data["parent_method"],
                actor=request.user,
            )
            messages.success(request, "Saved how parents sign in.")
        return redirect("accounts:invitations")


class InvitationBatchView(ActionRequiredMixin, View):
    """A batch's progress while it sends (htmx polls the fragment), then its summary."""

    action = "account.invite"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.batch = selectors.access_invitation_batch_for(self.request.user, self.kwargs["pk"])
        return self.batch

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = {"batch": self.batch}
        if getattr(request, "htmx", False):
            return render(request, "accounts/_invitation_progress.html", context)
        return render(request, "accounts/invitation_batch.html", context)


class InvitationResendView(ActionRequiredMixin, View):
    """Send one person's invitation again, with a new link valid for 7 days."""

    action = "account.invite"

    request: SignedInRequest  # signed in: a visitor is sent to sign in first

    def permission_target(self) -> Any:
        self.invitation = selectors.access_invitation_for(self.request.user, self.kwargs["pk"])
        return self.invitation

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        invitation = services.invitation_send(
            invitation=self.invitation, actor=request.user, base_url=_base_url(request)
        )
        messages.success(request, f"Invitation sent again to {invitation.user.email}.")
        return redirect("accounts:invitations")


@method_decorator(never_cache, name="dispatch")
class InvitationAcceptView(ActionRequiredMixin, View):
    """Set a password from an invitation's link, then enrol a second factor."""

    action = "account.sign_in"
    template_name = "accounts/invitation_accept.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.invitation = services.invitation_for_token(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self._render(request, self._form())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = self._form(request.POST)
        if self.invitation is None or form is None or not form.is_valid():
            return self._render(request, form)
        password = form.cleaned_data.get("new_password1")
        user = services.invitation_accept(invitation=self.invitation, password=password)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit_log(event="auth.login", actor=user)
        if is_staff_member(user):
            messages.success(request, "Your password is set.")
            return redirect("accounts:enrol")
        return redirect(settings.LOGIN_REDIRECT_URL)

    def _form(self, data: Any = None) -> forms.Form | None:
        if self.invitation is None:
            return None
        if services.invitation_sets_password(self.invitation):
            return SetPasswordForm(self.invitation.user, data)
        return forms.Form(data)  # a parent signing in by link only confirms

    def _render(self, request: HttpRequest, form: forms.Form | None) -> HttpResponse:
        context = {"form": form, "invitation": self.invitation}
        return render(request, self.template_name, context, status=200 if form else 404)


# ---------------------------------------------------------------------------
# Printed letters with a one-time code, for parents with no login yet
# ---------------------------------------------------------------------------

WRONG_LETTER_CODE = (
    "That code does not work: it may be mistyped, used already, replaced by a newer "
    "letter, or more than 30 days old. Check it, or ask the school office for a new letter."
)
TOO_MANY_LETTER_CODES = "Too many tries from here. Wait an hour, then try again."


class ParentLettersView(ActionRequiredMixin, View):
    """A PDF with one letter (and a fresh one-time code) per parent with no login."""

    action = "account.invite"

    def post(self, request: SignedInRequest) -> HttpResponse:
        from django.template.loader import render_to_string
        from django.utils import timezone

        from schoolgate.core.pdf import html_to_pdf

        school = current_school(request)
        parents = selectors.parents_without_login(school)
        if not parents:
            messages.info(request, "Every parent here can sign in already.")
            return redirect("accounts:invitations")
        letters = services.parent_letters_issue(school=school, parents=parents, actor=request.user)
        context = {
            "school": school,
            "letters": letters,
            "address": settings.SCHOOLGATE_SITE_URL.rstrip("/") + reverse("accounts:letter_code"),
            "printed_on": timezone.localdate(),
            "expires_on": timezone.localdate() + timedelta(days=services.LETTER_CODE_DAYS - 1),
        }
        html = render_to_string("accounts/parent_letters.html", context, request=request)
        pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{school.slug}-parent-letters.pdf"'
        return response


@method_decorator(never_cache, name="dispatch")
class LetterCodeView(ActionRequiredMixin, View):
    """A parent types the code from their letter and chooses an email and password."""

    action = "account.sign_in"
    template_name = "accounts/letter_code.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": LetterCodeForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LetterCodeForm(request.POST)
        if not throttle.within_letter_code_rate(ip=client_ip(request)):
            services.letter_code_refused_record(rate_limited=True)
            form.is_valid()
            form.add_error(None, TOO_MANY_LETTER_CODES)
            return render(request, self.template_name, {"form": form}, status=429)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        letter = services.letter_code_for(form.cleaned_data["code"])
        if letter is None:
            services.letter_code_refused_record(rate_limited=False)
            form.add_error("code", WRONG_LETTER_CODE)
            return render(request, self.template_name, {"form": form})
        try:
            user = services.letter_code_redeem(
                letter=letter,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["new_password1"],
            )
        except services.LetterCodeRefused as refused:
            form.add_error(None, str(refused))
            return render(request, self.template_name, {"form": form})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit_log(event="auth.login", actor=user, extra={"via": "letter"})
        messages.success(
            request, "Your login is ready. Next time, sign in with your email and password."
        )
        return redirect("web:family")


# ---------------------------------------------------------------------------
# Parents' sign-in links (django-sesame)
# ---------------------------------------------------------------------------


class SignInLinkRequestView(ActionRequiredMixin, View):
    """Email a parent a one-time link; the answer is the same for any address."""

    action = "account.sign_in"
    template_name = "accounts/sign_in_link_request.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": EmailForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = EmailForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        email = form.cleaned_data["email"]
        allowed = throttle.within_rate(kind="link", email=email, ip=client_ip(request))
        services.sign_in_link_send(email=email, base_url=_base_url(request), allowed=allowed)
        return render(request, "accounts/sign_in_link_sent.html", {"email": email})


@method_decorator(never_cache, name="dispatch")
class SignInLinkView(ActionRequiredMixin, View):
    """Sign a parent in from the link in their email (once, within 30 minutes)."""

    action = "account.sign_in"

    def get(self, request: HttpRequest) -> HttpResponse:
        from sesame.utils import get_user

        user = get_user(request, scope=services.SIGN_IN_LINK_SCOPE)
        email = getattr(user, "email", "")
        if user is None or services.parent_user_for_link(email) is None:
            return render(request, "accounts/sign_in_link_failed.html", status=403)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit_log(event="auth.login", actor=user, extra={"via": "link"})
        return redirect(settings.LOGIN_REDIRECT_URL)


# ---------------------------------------------------------------------------
# The trust's sign-in settings: Microsoft 365 / Google Workspace
# ---------------------------------------------------------------------------


class SignInProvidersView(ActionRequiredMixin, View):
    """The trust's sign-in providers, and a form to set one up or change it."""

    action = "account.manage_sign_in"
    template_name = "accounts/sign_in_providers.html"

    def get(self, request: SchoolRequest) -> HttpResponse:
        return self._render(request, SignInProviderForm())

    def post(self, request: SignedInRequest) -> HttpResponse:
        form = SignInProviderForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        row = services.sign_in_provider_save(
            trust=current_school(request).trust,
            data=form.cleaned_data,
            secret=form.cleaned_data["secret"],
            actor=request.user,
        )
        messages.success(request, f"Saved {row}.")
        return redirect("accounts:sign_in_providers")

    def _render(self, request: SchoolRequest, form: SignInProviderForm) -> HttpResponse:
        trust = current_school(request).trust
        rows = list(trust.sign_in_providers.all())
        callbacks = {
            row.pk: request.build_absolute_uri(
                reverse("openid_connect_callback", args=[row.provider_id])
            )
            for row in rows
        }
        context = {"form": form, "rows": rows, "callbacks": callbacks, "trust": trust}
        return render(request, self.template_name, context)
