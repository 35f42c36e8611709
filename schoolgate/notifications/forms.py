"""The preferences form: one choice per topic a person may change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from schoolgate.notifications.topics import TOPICS


class PreferencesForm(forms.Form):
    """A radio group per topic of the audience without a floor, starting at the
    current choice."""

    def __init__(
        self, *args: Any, current: Mapping[str, str], audience: str = "staff", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for code, found in TOPICS.items():
            if found.floor or found.audience != audience:
                continue
            self.fields[code] = forms.ChoiceField(
                label=found.label,
                help_text=found.help,
                choices=[(d.value, found.label_of(d)) for d in found.choices],
                initial=current[code],
                widget=forms.RadioSelect,
            )
