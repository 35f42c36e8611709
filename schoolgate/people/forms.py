"""Forms of the people pages: the import upload and the list filters."""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

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
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            c for c in ImportJob.Kind.choices if c[0] in kinds
        ]

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
        cast(forms.ChoiceField, self.fields["class_name"]).choices = [("", "All classes")] + [
            (c, c) for c in classes
        ]


class ParentFilterForm(_SearchForm):
    pass


class StaffFilterForm(_SearchForm):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *StaffMember.Kind.choices]
    )


class _PupilLabels:
    """Label pupils so that a picker tells them apart: "Jacob Tumbleton (Oak)".

    Where two pupils in the picker share a name, each also shows their MIS
    id: "Jacob Tumbleton (Oak, MIS 4012)".
    """

    queryset: Any
    _shared: tuple[Any, frozenset[tuple[str, str]]] | None = None

    def shared_names(self) -> frozenset[tuple[str, str]]:
        qs = self.queryset
        if self._shared is None or self._shared[0] is not qs:
            counts = Counter(
                (first.casefold(), surname.casefold())
                for first, surname in qs.values_list("first_name", "surname")
            )
            self._shared = (qs, frozenset(k for k, n in counts.items() if n > 1))
        return self._shared[1]

    def label_from_instance(self, obj: Pupil) -> str:
        return pupil_label(obj, shared=self.shared_names())


def pupil_label(pupil: Pupil, *, shared: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Return the pupil's name with their class, and MIS id where the name is `shared`."""
    name = f"{pupil.preferred_name or pupil.first_name} {pupil.surname}"
    where = [pupil.class_name or (f"Year {pupil.year_group}" if pupil.year_group else "")]
    if (pupil.first_name.casefold(), pupil.surname.casefold()) in shared:
        where.append(f"MIS {pupil.mis_id}")
    shown = ", ".join(w for w in where if w)
    return f"{name} ({shown})" if shown else name


class PupilChoiceField(_PupilLabels, forms.ModelChoiceField):  # type: ignore[type-arg]
    """Pick one pupil; pupils who share a name are told apart."""


class PupilMultipleChoiceField(_PupilLabels, forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Pick pupils, a tick box each; pupils who share a name are told apart.

    Tick boxes work on a phone's touch screen, where a multiple select needs
    Ctrl or Cmd; site.js adds a box to filter a long list.
    """

    widget = forms.CheckboxSelectMultiple
