"""Forms of the photo pages: a batch upload, a face's accounting, a missed face,
a photo's caption and alt text."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from schoolgate.people.models import Pupil, StaffMember
from schoolgate.photos.models import MAX_ALT_TEXT, MAX_CAPTION, Face

MAX_FILES = 60


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes many files in one go (Django's documented way)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.heic,.heif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        if not cleaned:
            raise forms.ValidationError("Choose at least one photo.")
        if len(cleaned) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} photos at a time.")
        return cleaned


class UploadForm(forms.Form):
    photos = MultipleFileField(
        label="Photos to add", help_text="JPEG, PNG or HEIC; up to 60 at a time.", required=False
    )


class FaceForm(forms.Form):
    accounting = forms.ChoiceField(
        choices=[c for c in Face.Accounting.choices if c[0] != Face.Accounting.UNACCOUNTED]
    )
    pupil = forms.ModelChoiceField(queryset=Pupil.objects.none(), required=False)
    staff = forms.ModelChoiceField(queryset=StaffMember.objects.none(), required=False)

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Pupil]", self.fields["pupil"]
        ).queryset = Pupil.objects.filter(school=school)
        cast(
            "forms.ModelChoiceField[StaffMember]", self.fields["staff"]
        ).queryset = StaffMember.objects.filter(school=school)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("accounting")
        if kind == Face.Accounting.PUPIL and not data.get("pupil"):
            self.add_error("pupil", "Choose the pupil.")
        if kind == Face.Accounting.STAFF and not data.get("staff"):
            self.add_error("staff", "Choose the member of staff.")
        if kind != Face.Accounting.PUPIL:
            data["pupil"] = None
        if kind != Face.Accounting.STAFF:
            data["staff"] = None
        return data


class AddFaceForm(forms.Form):
    """A missed face as a box in the photo's own pixels."""

    x = forms.IntegerField(min_value=0, label="Left (px)")
    y = forms.IntegerField(min_value=0, label="Top (px)")
    w = forms.IntegerField(min_value=4, label="Width (px)")
    h = forms.IntegerField(min_value=4, label="Height (px)")


class DescribeForm(forms.Form):
    """A photo's caption (optional) and alt text (needed before publishing)."""

    alt_text = forms.CharField(
        label="Alt text (what a screen reader says)",
        max_length=MAX_ALT_TEXT,
        required=False,
        help_text="Say what the photo shows for someone who cannot see it. "
        "First names only, as in the post. Needed before publishing.",
    )
    caption = forms.CharField(
        label="Caption (optional, shown under the photo)",
        max_length=MAX_CAPTION,
        required=False,
    )
