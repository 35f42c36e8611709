"""The audit log's filters."""

from typing import Any, cast

from django import forms

from schoolgate.audit import events


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label="What happened", required=False)
    actor = forms.CharField(
        label="Who", required=False, max_length=100, help_text="Part of a name or email address."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built here, not at import: apps register their events when ready.
        by_label = sorted(events.EVENTS.items(), key=lambda item: item[1])
        cast(forms.ChoiceField, self.fields["event"]).choices = [("", "Anything"), *by_label]

    def filters(self) -> dict[str, str]:
        """Return the filters to apply: none unless the form is valid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value.strip() for key, value in self.cleaned_data.items() if value}
