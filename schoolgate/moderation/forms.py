"""Forms for commenting and for moderators' decisions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, cast

from django import forms

from schoolgate.moderation.models import ContactLog, PlatformReport, Relationship
from schoolgate.publishing.models import Channel

VERDICTS = ("claim", "release", "approve", "reject", "escalate", "not_a_problem")


class CommentForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(
        label="Your email", help_text="Never shown; the school may use it to reply."
    )
    relationship = forms.ChoiceField(
        label="Your relationship to the school", choices=Relationship.choices
    )
    text = forms.CharField(
        label="Your comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    # A field people never see or fill in; bots that fill every field do.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and self.data.get("website"))


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(choices=[(v, v) for v in VERDICTS])
    reason = forms.CharField(required=False, max_length=2000)


class BulkForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args: Any, choices: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["ids"]).choices = [(c, c) for c in choices]


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DeleteForm(forms.Form):
    reason = forms.CharField(label="Why is it deleted?", widget=forms.Textarea(attrs={"rows": 3}))


class ContactForm(forms.Form):
    how = forms.ChoiceField(label="How", choices=ContactLog.How.choices)
    contacted_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label="Meeting date and time", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    attendees = forms.CharField(label="Who attends", max_length=300)
    outcome = forms.CharField(
        label="Outcome", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    interaction_withdrawn = forms.BooleanField(
        label="The parent loses the ability to interact (a sanction, with the profile's length)",
        required=False,
    )


class ReportForm(forms.Form):
    platform = forms.ChoiceField(label="Platform", choices=Channel.Kind.choices)
    reason = forms.ChoiceField(label="Reason", choices=PlatformReport.Reason.choices)
    reference = forms.CharField(label="Platform's reference", required=False, max_length=200)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BlockForm(forms.Form):
    ends_on = forms.DateField(
        label="Blocked until (last day)",
        required=False,
        help_text="Leave empty for the length your policy sets.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    message = forms.CharField(
        label="Message to the commenter", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
