"""Forms of the devices pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from schoolgate.devices.checks import imei_digits, imei_valid
from schoolgate.devices.models import Device, PhoneHandIn


class DeviceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Device
        fields = ["name", "kind", "make", "model", "serial", "asset_tag", "keeper"]

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            # The kinds the school's register holds, and a device's own kind when edited.
            kept = set(kinds) | ({self.instance.kind} if self.instance.pk else set())
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                c for c in Device.Kind.choices if c[0] in kept
            ]


class DeviceFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds")])
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All"), *Device.Status.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", "All kinds"),
            *Device.Kind.choices,
        ]

    def value(self, name: str) -> str:
        """Return a cleaned filter value, or "" when the form is not valid."""
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class SignOutForm(forms.Form):
    device = forms.ModelChoiceField(
        label="Trip phone", queryset=Device.objects.none(), empty_label="Choose a phone…"
    )
    purpose = forms.CharField(label="Visit or event", max_length=200)
    expected_back_at = forms.DateTimeField(
        label="Back by",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="When the visit ends and the phone comes back to the office.",
    )

    def __init__(self, *args: Any, phones: list[Device], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in phones if getattr(p, "open_loan", None) is None]
        cast(
            "forms.ModelChoiceField[Device]", self.fields["device"]
        ).queryset = Device.objects.filter(pk__in=ids)
        self.fields["expected_back_at"].initial = (
            timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0)
        ).strftime("%Y-%m-%dT%H:%M")

    def clean_expected_back_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["expected_back_at"]
        if value <= timezone.now():
            raise forms.ValidationError("The phone must be due back after now.")
        return value


class MarkForm(forms.Form):
    pupil = forms.IntegerField()
    mark = forms.ChoiceField(choices=PhoneHandIn.Mark.choices)


class StaffPhoneForm(forms.Form):
    imei = forms.CharField(
        label="IMEI",
        max_length=25,
        help_text="Dial *#06# on your phone to see it: 15 digits.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    description = forms.CharField(label="Which phone", max_length=80, required=False)

    def clean_imei(self) -> str:
        value = self.cleaned_data["imei"]
        if not imei_valid(value):
            raise forms.ValidationError(
                "That is not a valid IMEI: 15 digits, the last a check digit. "
                "Check for a mistyped digit."
            )
        return imei_digits(value)
