"""Forms of the consent pages: filters, recording an answer, uploading forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from schoolgate.consent.models import Answer, Method
from schoolgate.consent.policy import photo_terms
from schoolgate.consent.selectors import NOT_ALLOWED, PHRASES, State, use_label
from schoolgate.people.forms import MAX_UPLOAD_BYTES
from schoolgate.people.imports import ImportRefused, decode
from schoolgate.people.models import Pupil


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    class_name = forms.ChoiceField(label="Class", required=False)
    use = forms.ChoiceField(label="Use", required=False)
    state = forms.ChoiceField(
        label="Consent",
        required=False,
        choices=[("", "Any"), (NOT_ALLOWED, "Not allowed (any reason)")]
        + [c for c in State.choices if c[0] not in (State.LEFT, State.NOT_ASKED)],
    )

    def __init__(self, *args: Any, classes: list[str], uses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["class_name"]).choices = [("", "All classes")] + [
            (c, c) for c in classes
        ]
        cast(forms.ChoiceField, self.fields["use"]).choices = [("", "Any use")] + [
            (u, use_label(u)) for u in uses
        ]

    def value(self, name: str) -> str:
        """Return a cleaned filter value, or "" when the form is not valid."""
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class SheetFilterForm(forms.Form):
    """Find a class, or a child, on the do-not-post list."""

    class_name = forms.ChoiceField(label="Class", required=False)
    q = forms.CharField(
        label="Name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, classes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["class_name"]).choices = [("", "All classes")] + [
            (c, c) for c in classes
        ]

    def value(self, name: str) -> str:
        """Return a cleaned filter value, or "" when the form is not valid."""
        return str(self.cleaned_data.get(name, "")).strip() if self.is_valid() else ""


class ConsentRecordForm(forms.Form):
    """One parent's answer, as the office types it from a form or a call."""

    uses = forms.MultipleChoiceField(label="For which uses", widget=forms.CheckboxSelectMultiple)
    answer = forms.ChoiceField(label="Answer", choices=Answer.choices, widget=forms.RadioSelect)
    parent = forms.ChoiceField(label="Which parent", required=False)
    method = forms.ChoiceField(label="How it was given", choices=Method.choices)
    given_on = forms.DateField(
        label="Date on the form",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)

    def __init__(self, *args: Any, pupil: Pupil, uses: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"uses": uses, "given_on": timezone.localdate()} | kwargs["initial"]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["uses"]).choices = [
            (u, use_label(u).capitalize()) for u in uses
        ]
        self.parents = {str(p.pk): p for p in pupil.parents.all()}
        cast(forms.ChoiceField, self.fields["parent"]).choices = [("", "Not known")] + [
            (pk, str(p)) for pk, p in self.parents.items()
        ]
        self._offer_pupils_own_answer(pupil)

    def _offer_pupils_own_answer(self, pupil: Pupil) -> None:
        """Let the office record the pupil's own answer, where the policy allows it."""
        terms = photo_terms(pupil.school)
        if not terms.pupils_answer:
            return
        age = terms.pupil_from_age
        if pupil.age_on(timezone.localdate()) < age:
            return
        self.fields["by_pupil"] = forms.BooleanField(
            label="The pupil's own answer",
            required=False,
            help_text=f"Pupils of {age} and over may answer for themselves "
            f"({terms.pupil_source}); leave 'Which parent' as not known.",
        )

    def clean_parent(self) -> Any:
        return self.parents.get(self.cleaned_data["parent"])


class StaffPermissionForm(forms.Form):
    answer = forms.ChoiceField(label="Answer", choices=Answer.choices, widget=forms.RadioSelect)
    method = forms.ChoiceField(label="How it was given", choices=Method.choices)
    given_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)


class ConsentUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file of consent forms",
        help_text="Columns: Pupil MIS ID, Uses, Answer, Date; optional Method, Parent MIS ID, "
        "Note.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: show what would change, and change nothing", required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        try:
            self.cleaned_data["text"] = decode(upload.read())
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload


class ParentAnswerForm(forms.Form):
    """A parent's yes or no for each use of their child's photo.

    One required radio group per use the school asks about, set to the
    parent's own answer on record; saving a yes renews it.
    """

    CHOICES = [("yes", "Yes, I agree"), ("no", "No, I do not agree")]

    def __init__(self, *args: Any, uses: list[str], own: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for use in uses:
            self.fields[use] = forms.ChoiceField(
                label=f"Photos of your child for {PHRASES.get(use) or use_label(use)}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose yes or no."},
            )
            if use in own:
                self.initial[use] = "yes" if own[use] == Answer.GIVEN else "no"


class RenewalsFilterForm(forms.Form):
    q = forms.CharField(label="Search pupils or classes", required=False, max_length=100)
    letters = forms.BooleanField(label="Only families without email", required=False)

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""
