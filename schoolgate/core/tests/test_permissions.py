"""The permission layer: who may take which action, and why not."""

import pytest

from schoolgate.core.permissions import can, decide


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("head", True),
        ("teacher", True),
        ("dsl", True),
        ("ceo", True),
        ("parent", False),
        ("outsider", False),
    ],
)
def test_dashboard_is_for_the_schools_staff(personas, persona, expected):
    assert can(personas.users[persona], "web.dashboard", personas.school) is expected


def test_a_refusal_explains_itself(personas):
    decision = decide(personas.parent, "web.dashboard", personas.school)
    assert decision.outcome == "block"
    assert "Class teacher" in decision.summary
    assert decision.findings[0].rule == "access.web.dashboard"


def test_an_unknown_action_is_refused(personas):
    decision = decide(personas.head, "no.such.action", personas.school)
    assert decision.allowed is False
    assert "not an action" in decision.summary


def test_anonymous_visitors_are_asked_to_sign_in(db, personas):
    from django.contrib.auth.models import AnonymousUser

    decision = decide(AnonymousUser(), "web.dashboard", personas.school)
    assert decision.summary == "Sign in first."
