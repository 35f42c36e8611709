import datetime as dt

from django import forms
from django.utils import timezone

from schoolgate.dataprotection.models import PersonKind, SubjectAccessRequest


class PersonSearchForm(forms.Form):
    kind = forms.ChoiceField(label="Who", choices=PersonKind.choices)
    q = forms.CharField(label="Name, MIS id or email", max_length=100, required=False)


class RequestForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SubjectAccessRequest
        fields = ["requested_by", "received_on"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}

    def clean_received_on(self) -> dt.date:
        received: dt.date = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError("A request cannot be received in the future.")
        return received
