"""The preferences form: one choice per topic a person may change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from schoolgate.notifications.topics import AUDIENCES, TOPICS


class PreferencesForm(forms.Form):
    """A radio group per topic without a floor of each of the person's
    audiences (staff, parents), starting at the current choice."""

    def __init__(
        self,
        *args: Any,
        current: Mapping[str, str],
        audiences: Sequence[str] = ("staff",),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.audiences = [a for a in AUDIENCES if a in audiences]
        for audience in self.audiences:
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

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """Return each audience, its heading and its fields, staff first."""
        return [
            (a, AUDIENCES[a], [self[c] for c in self.fields if TOPICS[c].audience == a])
            for a in self.audiences
        ]
