"""Forms for raising a concern and working on a record, with prompts for good records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from schoolgate.people.models import Pupil, StaffMember
from schoolgate.safeguarding.models import Kind, Record

STAFF_KINDS = {Kind.ADULT_DISCLOSURE, Kind.STAFF_CONCERN}


class RecordForm(forms.Form):
    """A new concern. Help texts prompt for what makes a record useful later."""

    reporter_role = forms.CharField(
        label="Your name and role",
        max_length=200,
        help_text="For example 'Anna Price, Year 4 class teacher'.",
    )
    happened_at = forms.DateTimeField(
        label="When it happened",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Date and time, as exactly as you know them.",
    )
    place = forms.CharField(
        label="Where",
        max_length=200,
        required=False,
        help_text="Where it happened, or which site or app.",
    )
    pupils = forms.ModelMultipleChoiceField(
        label="Pupils it concerns", queryset=Pupil.objects.none(), required=False
    )
    staff = forms.ModelMultipleChoiceField(
        label="Members of staff it concerns", queryset=StaffMember.objects.none(), required=False
    )
    account = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Facts, not opinions: what you saw and heard, who was there, what you did.",
    )
    child_words = forms.CharField(
        label="The child's own words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write what the child said exactly as they said it; do not tidy it up.",
    )
    disclosed_by = forms.ChoiceField(
        label="Who disclosed it", choices=Record.DisclosedBy.choices, required=False
    )
    urgency = forms.ChoiceField(choices=Record.Urgency.choices, initial=Record.Urgency.ROUTINE)
    told_dsl_in_person = forms.BooleanField(
        label="I have also told the safeguarding lead in person",
        required=False,
        help_text="Needed for an urgent concern: do not rely on this system alone.",
    )
    evidence = forms.FileField(
        label="Evidence (screenshot, saved message)",
        required=False,
        help_text="PNG, JPEG, GIF, WebP, PDF or plain text. It is encrypted when saved.",
    )

    def __init__(self, *args: Any, school: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["pupils"].queryset = Pupil.objects.filter(
            school=school, status=Pupil.Status.CURRENT
        )
        self.fields["staff"].queryset = StaffMember.objects.filter(school=school, is_current=True)
        if kind != Kind.ADULT_DISCLOSURE:
            del self.fields["disclosed_by"]
        if kind == Kind.INDECENT_IMAGES:
            self._guide_indecent_images()

    def _guide_indecent_images(self) -> None:
        del self.fields["evidence"]
        self.fields["account"].help_text = (
            "Describe only where and when the material was found and on what device. "
            "Do not open, copy, forward or look further into it."
        )
        self.fields["police_told"] = forms.BooleanField(label="I have told the police")
        self.fields["head_told"] = forms.BooleanField(label="I have told the head")
        self.fields["not_handled"] = forms.BooleanField(
            label="I have not opened, copied or forwarded the material"
        )

    def clean_happened_at(self) -> Any:
        value = self.cleaned_data["happened_at"]
        if value and value > timezone.now():
            raise forms.ValidationError("That time is in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("urgency") == Record.Urgency.URGENT and not data.get("told_dsl_in_person"):
            self.add_error(
                "told_dsl_in_person",
                "An urgent concern must also be told to the safeguarding lead in person.",
            )
        if self.kind in STAFF_KINDS and not data.get("staff"):
            self.add_error("staff", "Choose the member of staff it concerns.")
        return data


class StepForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AmendForm(forms.Form):
    text = forms.CharField(
        label="Correction or addition",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The original stays as written; this is added beneath it.",
    )
    reason = forms.CharField(label="Why", max_length=500)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why the record can be closed", widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Add evidence",
        help_text="PNG, JPEG, GIF, WebP, PDF or plain text. It is encrypted when saved.",
    )
