"""Forms: approving a version, answering it, recording training, the self-check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

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
        self.fields["attendees"].queryset = staff
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

    def clean_posting_at(self) -> Any:
        return self.cleaned_data["posting_at"] or timezone.localtime()
