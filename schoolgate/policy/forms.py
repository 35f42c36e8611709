"""The override form: pick a rule's parameter, type a value, give a reason."""

from __future__ import annotations

from typing import Any

from django import forms

from schoolgate.policy.catalogue import AREAS, area_of
from schoolgate.policy.engine import REGISTRY, Param, PolicyError, Profile
from schoolgate.policy.selectors import ENABLED, catalogue_order

ENABLED_PARAM = Param(ENABLED, "bool", True, "Whether the rule applies at all.")


def target_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return every (rule, parameter) a school may override, grouped by area."""
    groups: dict[str, list[tuple[str, str]]] = {code: [] for code in AREAS}
    for definition in sorted(REGISTRY.values(), key=catalogue_order):
        options = groups[area_of(definition.catalogue[0])]
        options.append((f"{definition.id}:{ENABLED}", f"{definition.title}: on or off"))
        for param in definition.params.values():
            label = f"{definition.title}: {param.help}{_range(param)}"
            options.append((f"{definition.id}:{param.name}", label))
    return [(f"{code} {AREAS[code]}", options) for code, options in groups.items() if options]


def _range(param: Param) -> str:
    # A whole number's range, so the person sees it before typing.
    bounds = param.bounds if param.type == "int" else None
    return f" ({bounds[0]} to {bounds[1]})" if bounds else ""


def param_of(rule: str, name: str) -> Param:
    """Return the parameter a (rule, name) pair names; `enabled` is the switch."""
    return ENABLED_PARAM if name == ENABLED else REGISTRY[rule].params[name]


class OverrideForm(forms.Form):
    target = forms.ChoiceField(label="Rule and parameter", choices=target_choices)
    value = forms.CharField(
        label="New value",
        max_length=500,
        help_text=(
            "yes or no for switches; a whole number; a choice's code (such as "
            "no_names); a time as 08:30; a date as 2025-07-01; lists separated by "
            "commas (role codes such as head, dsl)."
        ),
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=500,
        # The school's policy decides whether a reason is required (policy.overrides).
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit trail with your name.",
    )

    def __init__(self, *args: Any, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The school's policy as it stands: a value is judged with the rest.
        self.profile = profile

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        target, text = data.get("target"), data.get("value")
        if target and text is not None:
            rule, _, name = target.partition(":")
            try:
                data["parsed"] = param_of(rule, name).parse(text, f"{rule}.{name}")
                if self.profile is not None:
                    # The type and range above; the rule's floors here.
                    self.profile.with_overrides([(rule, name, data["parsed"])])
            except PolicyError as exc:
                self.add_error("value", str(exc))
            data["rule"], data["param"] = rule, name
        return data


class OverrideRemoveForm(forms.Form):
    rule = forms.CharField(max_length=80)
    param = forms.CharField(max_length=80)
