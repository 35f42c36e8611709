"""Every parameter has a type and a range in its rule definition.

Attack: the idle limit accepted 0 (every request signs the whole school
out, and nobody can sign in to undo it), negatives and 99,999,999. The
engine checks every value against its definition: on override (the form
says why), when a profile loads (`manage.py check` fails) and when a stored
value is read (one saved before the range existed is left out).
"""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from conftest import signed_in
from schoolgate.accounts.middleware import LAST_SEEN
from schoolgate.policy import engine
from schoolgate.policy.engine import REGISTRY, PolicyError, load_profile
from schoolgate.policy.models import ParameterOverride

OVERRIDE = reverse("policy:override")
DASHBOARD = reverse("web:dashboard")
IDLE = "security.session_idle:minutes"


def _params(kind: str) -> list[tuple[str, str]]:
    engine._import_rules()
    return [
        (rule_id, name)
        for rule_id, definition in sorted(REGISTRY.items())
        for name, param in definition.params.items()
        if param.type == kind
    ]


@pytest.mark.parametrize("typed", ["0", "-5", "99999999", "4", "481", "²"])
def test_the_override_form_refuses_an_idle_limit_out_of_range(personas, sign_in, typed):
    response = sign_in(personas.head).post(
        OVERRIDE, {"target": IDLE, "value": typed, "reason": "Testing the limit."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "a whole number from 5 to 480" in page
    assert not ParameterOverride.objects.exists()


@pytest.mark.parametrize(("rule_id", "name"), _params("int"))
def test_every_whole_number_parameter_refuses_values_outside_its_range(rule_id, name):
    param = REGISTRY[rule_id].params[name]
    low, high = param.bounds or (None, None)
    assert low is not None and high is not None, f"{rule_id}.{name} has no range"
    profile = load_profile("shire")
    for value in (low - 1, high + 1, -1, 99_999_999):
        if low <= value <= high:
            continue
        with pytest.raises(PolicyError, match=f"from {low} to {high}"):
            profile.with_overrides([(rule_id, name, value)])
    assert profile.with_overrides([(rule_id, name, low)]).param(rule_id, name) == low


@pytest.mark.parametrize(("rule_id", "name"), _params("str") + _params("list"))
def test_every_text_and_list_parameter_has_a_bounded_size(rule_id, name):
    param = REGISTRY[rule_id].params[name]
    low, high = param.bounds or (None, None)
    assert high is not None, f"{rule_id}.{name} has no range"
    too_big = (
        "x" * (high + 1)
        if param.type == "str"
        else [param.choices[0] if param.choices else "x"] * (high + 1)
    )
    with pytest.raises(PolicyError):
        load_profile("shire").with_overrides([(rule_id, name, too_big)])


def test_a_break_that_is_not_a_time_span_is_refused():
    with pytest.raises(PolicyError, match="like 12:00-13:00"):
        load_profile("shire").with_overrides([("selfcheck.working_hours", "breaks", ["lunch"])])


def test_a_rule_defined_with_an_unbounded_whole_number_is_refused():
    with pytest.raises(PolicyError, match="needs its range"):
        engine.define(
            "t.unbounded",
            title="t",
            description="t",
            catalogue=["C9.3"],
            params=[engine.Param("minutes", "int", 15, "How long.")],
        )
    assert "t.unbounded" not in REGISTRY


def test_a_profile_with_an_out_of_range_value_fails_the_system_check(monkeypatch):
    original = engine.profile_text

    def broken(code: str) -> str:
        text = original(code)
        if code != "brize":
            return text
        return text.replace(
            '[rules."security.session_idle"]',
            '[rules."security.session_idle"]\nparams = { minutes = 0 }',
        )

    monkeypatch.setattr(engine, "profile_text", broken)
    monkeypatch.setattr(engine, "_CACHE", {})
    with pytest.raises(SystemCheckError, match=r"policy\.E001.*minutes: 0 is not"):
        call_command("check")


def test_a_stored_idle_limit_of_zero_does_not_sign_everyone_out(client, personas):
    # Saved before the range existed, or written around the form.
    ParameterOverride.objects.create(
        school=personas.school,
        rule="security.session_idle",
        param="minutes",
        value=0,
        reason="Old value.",
        set_by=personas.head,
    )
    signed_in(client, personas.teacher)
    assert client.get(DASHBOARD).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 60
    session.save()
    assert client.get(DASHBOARD).status_code == 200
