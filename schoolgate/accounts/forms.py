from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from schoolgate.accounts import services
from schoolgate.accounts.models import SchoolSignIn, SignInProvider
from schoolgate.notifications.services import send_always


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="A backup code, or the 6-digit code from your authenticator app.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        # Backup codes are shown in lower case, but people type what they see
        # on paper; authenticator apps show "123 456".
        return "".join(self.cleaned_data["code"].split()).lower()


STRONG_ENOUGH_HINT = (
    "At least 12 characters. Not a common password, not only numbers, "
    "and not like your name or email address. A few unrelated words work well."
)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Change the signed-in user's password through the accounts service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = STRONG_ENOUGH_HINT

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        services.user_password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Ask for a reset link; people imported without a password may use it too.

    Django skips accounts with no usable password; here those are staff and
    parents imported from the MIS who lost their invitation, so they count.
    """

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str):  # type: ignore[no-untyped-def]
        User = get_user_model()  # noqa: N806
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Send the link through the one mail path, as an email always sent."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_always(kind="accounts.password_reset", to=[to_email], subject=subject, body=body)


# Generic only in django-stubs: Django's class cannot be subscripted at run time.
class SetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Choose a password (from a reset link or an invitation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = STRONG_ENOUGH_HINT


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ParentMethodForm(forms.Form):
    parent_method = forms.ChoiceField(
        label="Parents sign in with", choices=SchoolSignIn.ParentMethod.choices
    )


class SignInProviderForm(forms.ModelForm):  # type: ignore[type-arg]
    """Set up the trust's Microsoft 365 or Google Workspace sign-in."""

    secret = forms.CharField(
        label="Client secret",
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Stored encrypted. Leave empty to keep the secret already stored.",
    )

    issuer = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="Only for another provider: its issuer address.",
    )

    class Meta:
        model = SignInProvider
        fields = ["kind", "tenant", "issuer", "client_id", "enabled"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SignInProvider.Kind.OIDC and not data.get("issuer"):
            self.add_error("issuer", "Give the provider's issuer address.")
        return data

    def validate_unique(self) -> None:
        # One row per kind: saving a kind again changes that row (see the view).
        pass


class LetterCodeForm(forms.Form):
    """A parent's code from a printed letter, then the login they want."""

    code = forms.CharField(
        label="Code from your letter",
        max_length=20,
        help_text="12 letters and numbers, for example ABCD-EFGH-JK23.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="You will sign in with this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    new_password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text=STRONG_ENOUGH_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth import password_validation

        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The two passwords are not the same.")
        elif first:
            user = get_user_model()(email=data.get("email", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data
