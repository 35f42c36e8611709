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


def test_a_visitor_is_sent_to_sign_in_before_any_record_is_looked_up(
    client, personas, monkeypatch
):
    from django.urls import reverse

    from schoolgate.safeguarding import selectors
    from schoolgate.safeguarding.tests.factories import make_record

    def looked_up(*args, **kwargs):
        raise AssertionError("a visitor's request looked a record up")

    monkeypatch.setattr(selectors, "access_record_for", looked_up)
    record = make_record(personas.school, personas.teacher)
    # The same answer whether the record exists or not: nothing to learn.
    for pk in (record.pk, record.pk + 1000):
        url = reverse("safeguarding:record", kwargs={"pk": pk})
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
