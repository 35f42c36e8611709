from django import forms
from django.contrib.auth import forms as auth_forms

from schoolgate.accounts import services


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

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = STRONG_ENOUGH_HINT

    def save(self, commit: bool = True):  # type: ignore[no-untyped-def]
        services.user_password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user
