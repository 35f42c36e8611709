"""Forms: approving a version, answering it, recording training, the self-check."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from schoolgate.accounts.models import User
from schoolgate.compliance.models import TrainingSession


class PublishForm(forms.Form):
    approved_on = forms.DateField(
        label="Approved on", widget=forms.DateInput(attrs={"type": "date"})
    )
    signatory = forms.CharField(
        max_length=200, help_text="The name of whoever signed the policy off."
    )
    note = forms.CharField(
        label="What changed",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    question = forms.CharField(
        label="Your query (only if you are not signing)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It goes to the head, who will answer before you sign.",
    )


class TrainingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TrainingSession
        fields = ["audience", "title", "held_on", "class_name", "attendees", "parents_attending"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "class_name": "For a pupils' session: the class taught.",
            "attendees": "For a staff session: who attended.",
            "parents_attending": "For a parents' session: how many came.",
        }

    def __init__(self, *args: Any, staff: Any, classes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["attendees"]).queryset = staff
        self.fields["attendees"].required = False
        choices = [("", "—")] + [(c, c) for c in classes]
        self.fields["class_name"] = forms.ChoiceField(
            label="Class",
            choices=choices,
            required=False,
            help_text=self.Meta.help_texts["class_name"],
        )


class SelfCheckForm(forms.Form):
    handle = forms.CharField(label="Your handle or user name", max_length=200, required=False)
    profile_text = forms.CharField(
        label="Your profile (bio)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    post = forms.CharField(
        label="The post you are thinking of sharing",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    posting_at = forms.DateTimeField(
        label="When you would post it",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty for now.",
    )

    photo = forms.FileField(
        label="A photo you would post (optional)",
        required=False,
        help_text="Checked for faces, then forgotten: the photo is never stored.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    save = forms.BooleanField(
        label="Save this check for me",
        required=False,
        help_text="Only you see saved checks, and you can delete them. The photo is not saved.",
    )

    def clean_posting_at(self) -> Any:
        return self.cleaned_data["posting_at"] or timezone.localtime()

    def clean_photo(self) -> Any:
        """Return how many faces the photo shows (0 with no photo)."""
        upload = self.cleaned_data.get("photo")
        if not upload:
            return 0
        from schoolgate.checks.photos import PhotoRejected, detect_faces, open_photo

        try:
            photo = open_photo(upload.read())
        except PhotoRejected as exc:
            raise forms.ValidationError(exc.reason) from exc
        return len(detect_faces(photo.image))


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Your answer",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The person is emailed your answer and asked to sign again.",
    )
