"""Forms of the people pages: the import upload and the list filters."""

from __future__ import annotations

from typing import Any

from django import forms

from schoolgate.people.imports import ImportRefused, decode
from schoolgate.people.models import ImportJob, Pupil, StaffMember

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a trust's largest MIS export is a few MB


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label="CSV file",
        help_text="Exported from the MIS (SIMS, Arbor, Bromcom); the first line names "
        "the columns.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: show what would change, and change nothing", required=False
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in ImportJob.Kind.choices if c[0] in kinds]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        try:
            self.cleaned_data["text"] = decode(upload.read())
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload


class _SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)

    def value(self, name: str) -> str:
        """Return a cleaned filter value, or "" when the form is not valid."""
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


class PupilFilterForm(_SearchForm):
    class_name = forms.ChoiceField(label="Class", required=False)
    status = forms.ChoiceField(
        label="On roll",
        required=False,
        choices=[("", "Current and former"), *Pupil.Status.choices],
    )

    def __init__(self, *args: Any, classes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["class_name"].choices = [("", "All classes")] + [(c, c) for c in classes]


class ParentFilterForm(_SearchForm):
    pass


class StaffFilterForm(_SearchForm):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *StaffMember.Kind.choices]
    )
