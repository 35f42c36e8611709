"""Forms of the smaller registers: one entry form each, one answer form for all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms

from schoolgate.people.models import School
from schoolgate.registers.models import ProfessionalAccount
from schoolgate.registers.policy import head_permission_kinds
from schoolgate.registers.records import (
    AccountReview,
    Answer,
    EventPhotoAgreement,
    FilteringCheck,
    LowLevelConcern,
    PermissionRequest,
    PolicyDeparture,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

DATE = forms.DateInput(attrs={"type": "date"})


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


class EntryForm(forms.ModelForm):  # type: ignore[type-arg]
    """An entry form given the school and the person recording."""

    def __init__(self, *args: Any, school: School, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school, self.user = school, user


class PermissionRequestForm(EntryForm):
    class Meta:
        model = PermissionRequest
        fields = ["kind", "details", "until"]
        widgets = {"details": _rows(3), "until": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what this school's policy reserves to the head.
        kinds = head_permission_kinds(self.school)
        choices = [c for c in PermissionRequest.Kind.choices if c[0] in kinds]
        choices += [PermissionRequest.Kind.choices[-1]]
        cast(forms.ChoiceField, self.fields["kind"]).choices = choices
        self.fields["kind"].widget = forms.RadioSelect(choices=choices)


class LowLevelConcernForm(EntryForm):
    class Meta:
        model = LowLevelConcern
        fields = ["about", "happened_on", "details"]
        widgets = {"happened_on": DATE, "details": _rows(4)}


class PolicyDepartureForm(EntryForm):
    class Meta:
        model = PolicyDeparture
        fields = ["what", "when", "justification"]
        widgets = {"justification": _rows(4)}
        labels = {"when": "Taken or proposed"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["when"].widget = forms.RadioSelect(choices=PolicyDeparture.When.choices)


class FilteringCheckForm(EntryForm):
    class Meta:
        model = FilteringCheck
        fields = ["checked_on", "systems", "fit_for_purpose", "findings", "concerns"]
        widgets = {"checked_on": DATE, "findings": _rows(3), "concerns": _rows(3)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("fit_for_purpose") and not data.get("findings"):
            self.add_error("findings", "Say what is not fit for purpose.")
        return data


class AccountReviewForm(EntryForm):
    class Meta:
        model = AccountReview
        fields = ["account", "reviewed_on", "all_well", "findings"]
        widgets = {"reviewed_on": DATE, "findings": _rows(3)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each owner reviews their own accounts (whmat 6.11).
        cast(
            "forms.ModelChoiceField[ProfessionalAccount]", self.fields["account"]
        ).queryset = ProfessionalAccount.objects.filter(
            school=self.school, owner=self.user, status=ProfessionalAccount.Status.ACTIVE
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("all_well") and not data.get("findings"):
            self.add_error("findings", "Say what needs the head's attention.")
        return data


class EventPhotoAgreementForm(EntryForm):
    class Meta:
        model = EventPhotoAgreement
        fields = ["event", "held_on", "photos_allowed", "terms"]
        widgets = {"held_on": DATE, "terms": _rows(3)}


class AnswerForm(forms.Form):
    """The answer to an entry: one of the logbook's answers, with a note."""

    status = forms.ChoiceField(label="Answer", choices=(), widget=forms.RadioSelect)
    note = forms.CharField(label="Note", max_length=2000, widget=_rows(3))

    def __init__(self, *args: Any, answers: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (a, Answer(a).label) for a in answers
        ]
        if len(answers) == 1:
            self.fields["status"].initial = answers[0]
            self.fields["status"].widget = forms.HiddenInput()
