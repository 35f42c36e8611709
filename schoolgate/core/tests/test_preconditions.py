"""Actions that name preconditions: refused, with the checker's reason, until met."""

import pytest

from schoolgate.core import permissions
from schoolgate.core.permissions import add_precondition, decide, register
from schoolgate.policy.engine import Finding


@pytest.fixture
def gated(monkeypatch):
    """Register a test-only action needing the precondition 'test.ready'."""
    monkeypatch.setattr(permissions, "ACTIONS", dict(permissions.ACTIONS))
    monkeypatch.setattr(permissions, "PRECONDITIONS", dict(permissions.PRECONDITIONS))
    register("test.publish", "Publish a test post", roles={"head"}, preconditions=["test.ready"])
    ready: set[int] = set()

    def checker(user, school):
        if user.pk in ready:
            return None
        return Finding("test.ready", "Not ready yet.", "test clause 1", severity="block")

    return ready, checker


def test_an_action_with_an_unregistered_precondition_is_refused(personas, gated):
    decision = decide(personas.head, "test.publish", personas.school)
    assert decision.allowed is False
    assert "'test.ready' is not installed" in decision.summary


def test_an_unmet_precondition_refuses_with_its_reason_and_source(personas, gated):
    _, checker = gated
    add_precondition("test.ready", checker)
    decision = decide(personas.head, "test.publish", personas.school)
    assert decision.allowed is False
    assert decision.summary == "Not ready yet."
    assert decision.findings[0].source == "test clause 1"


def test_a_met_precondition_lets_the_role_decide(personas, gated):
    ready, checker = gated
    add_precondition("test.ready", checker)
    ready.add(personas.head.pk)
    assert decide(personas.head, "test.publish", personas.school).allowed is True


def test_the_role_is_checked_before_any_precondition(personas, gated):
    ready, checker = gated
    add_precondition("test.ready", checker)
    ready.add(personas.teacher.pk)
    decision = decide(personas.teacher, "test.publish", personas.school)
    assert decision.allowed is False
    assert decision.findings[0].rule == "access.test.publish"


def test_a_precondition_may_be_registered_once(gated):
    _, checker = gated
    add_precondition("test.ready", checker)
    with pytest.raises(ValueError, match="registered twice"):
        add_precondition("test.ready", checker)
