"""Forms of the sanctions pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from schoolgate.people.forms import PupilChoiceField
from schoolgate.people.models import Parent, Pupil, School
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.selectors import kind_choices

Kind = Sanction.Kind
PUPIL_KINDS = {Kind.PUPIL_PHONE_BAN, Kind.ICT_BAN}


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="Sanction")
    pupil = PupilChoiceField(
        queryset=Pupil.objects.none(), required=False, help_text="For a pupil's ban."
    )
    parent = forms.ModelChoiceField(
        label="Parent or carer",
        queryset=Parent.objects.none(),
        required=False,
        help_text="For a parent's loss of interaction.",
    )
    email = forms.EmailField(
        label="Commenter's email", required=False, help_text="For a commenter block."
    )
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label="Last day in force",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for the length the school's policy sets "
        "(or until lifted, where it sets none).",
    )
    reason = forms.CharField(
        label="Why", widget=forms.Textarea(attrs={"rows": 4}), help_text="Facts, not opinions."
    )

    def __init__(self, *args: Any, school: School, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kind_choices(school, kinds)
        cast(
            "forms.ModelChoiceField[Pupil]", self.fields["pupil"]
        ).queryset = Pupil.objects.filter(school=school, status="current")
        cast(
            "forms.ModelChoiceField[Parent]", self.fields["parent"]
        ).queryset = Parent.objects.filter(school=school)
        self.fields["starts_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        wanted = (
            "pupil"
            if kind in PUPIL_KINDS
            else "parent"
            if kind == Kind.PARENT_INTERACTION
            else "email"
        )
        if kind and not data.get(wanted):
            self.add_error(wanted, "Say who this sanction applies to.")
        for other in {"pupil", "parent", "email"} - {wanted}:
            data[other] = "" if other == "email" else None
        return data


class LiftForm(forms.Form):
    reason = forms.CharField(label="Why it is lifted early", max_length=500)


class SanctionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="Showing",
        required=False,
        choices=[("", "All"), *Sanction.State.choices],
    )
    kind = forms.ChoiceField(label="Kind", required=False)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", "All kinds")] + [
            c for c in Kind.choices if c[0] in kinds
        ]

    def value(self, name: str) -> str:
        """Return a cleaned filter value, or "" when the form is not valid."""
        return self.cleaned_data.get(name, "") if self.is_valid() else ""
