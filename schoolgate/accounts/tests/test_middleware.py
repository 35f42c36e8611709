"""Idle sessions end at the school's limit; staff confirm a code first."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from conftest import signed_in
from schoolgate.accounts.middleware import LAST_SEEN
from schoolgate.audit.models import AuditEntry
from schoolgate.policy.models import ParameterOverride

DASHBOARD = reverse("web:dashboard")


def override(personas, rule: str, param: str, value) -> None:  # type: ignore[no-untyped-def]
    ParameterOverride.objects.create(
        school=personas.school,
        rule=rule,
        param=param,
        value=value,
        reason="Test",
        set_by=personas.head,
    )


def idle_for(client, minutes: float) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    session[LAST_SEEN] = time.time() - minutes * 60
    session.save()


@pytest.fixture
def teacher(client, personas):
    override(personas, "security.session_idle", "minutes", 5)
    signed_in(client, personas.teacher)
    assert client.get(DASHBOARD).status_code == 200
    return personas.teacher


def test_a_session_idle_within_the_schools_limit_carries_on(client, teacher):
    idle_for(client, 4)
    assert client.get(DASHBOARD).status_code == 200


def test_a_session_idle_past_the_schools_limit_is_signed_out(client, teacher):
    idle_for(client, 6)
    response = client.get(DASHBOARD, follow=True)
    assert response.redirect_chain[0] == (f"{reverse('accounts:login')}?next=/dashboard/", 302)
    assert "signed out after a period of inactivity" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert AuditEntry.objects.filter(event="auth.session_expired", actor=teacher).exists()


def test_the_default_limit_is_a_quarter_of_an_hour(client, personas):
    signed_in(client, personas.teacher)
    client.get(DASHBOARD)
    idle_for(client, 14)
    assert client.get(DASHBOARD).status_code == 200
    idle_for(client, 16)
    assert client.get(DASHBOARD).status_code == 302


def test_staff_need_no_code_where_the_policy_says_so(client, personas):
    override(personas, "security.second_factor", "required_for_staff", False)
    client.force_login(personas.teacher)
    assert client.get(DASHBOARD).status_code == 200


def test_staff_with_no_device_are_sent_to_enrol(client, personas):
    client.force_login(personas.teacher)
    response = client.get(DASHBOARD)
    assert response["Location"] == f"{reverse('accounts:enrol')}?next=%2Fdashboard%2F"


def test_the_code_page_offers_no_navigation_until_the_code_is_confirmed(client, personas):
    client.force_login(personas.teacher)
    from schoolgate.accounts.tests.factories import totp_device

    totp_device(personas.teacher)
    page = client.get(reverse("accounts:verify")).content.decode()
    assert 'aria-label="Main"' not in page
    assert "Sign out" in page


def test_a_trust_wide_role_is_held_to_the_shortest_limit_in_the_trust(client, personas):
    from schoolgate.people.tests.factories import SchoolFactory

    trust = personas.school.trust
    strict, broken = SchoolFactory(trust=trust, profile="brize"), SchoolFactory(trust=trust)
    for school, minutes in ((strict, 5), (broken, 0)):  # 0: stored around the form's range
        ParameterOverride.objects.create(
            school=school,
            rule="security.session_idle",
            param="minutes",
            value=minutes,
            reason="Test",
            set_by=personas.head,
        )
    signed_in(client, personas.ceo)
    assert client.get(DASHBOARD).status_code == 200
    idle_for(client, 4)
    assert client.get(DASHBOARD).status_code == 200
    idle_for(client, 6)
    assert client.get(DASHBOARD).status_code == 302
