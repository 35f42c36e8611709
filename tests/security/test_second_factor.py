"""The second factor and the idle limit bind a person, not the page they are on.

Attack: Brambleford sets `security.second_factor:required_for_staff=no`;
the trust's chair, working "at" Brambleford, signs in with a password only
and opens Puddlecombe's safeguarding records, because the second factor was
decided by the current school and permission by the record's school. Now a
person is held to the strictest school where they hold a role, and the
rule's floors (trust-wide roles, the DSL, anyone who may open safeguarding
records) hold whatever any school sets.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from conftest import signed_in
from schoolgate.accounts.middleware import LAST_SEEN
from schoolgate.core.middleware import SESSION_KEY
from schoolgate.people.tests.factories import RoleFactory, SchoolFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.safeguarding.models import Kind, Route
from schoolgate.safeguarding.tests.factories import make_record, staff_for

DASHBOARD = reverse("web:dashboard")
ENROL = reverse("accounts:enrol")


def _set(school, rule, param, value, by):  # type: ignore[no-untyped-def]
    ParameterOverride.objects.create(
        school=school, rule=rule, param=param, value=value, reason="Local choice.", set_by=by
    )


@pytest.fixture
def brambleford(personas):  # type: ignore[no-untyped-def]
    """A second school of the same trust that needs no second factor for staff."""
    school = SchoolFactory(trust=personas.school.trust, name="Brambleford", profile="brize")
    _set(school, "security.second_factor", "required_for_staff", False, personas.head)
    return school


def _password_only(client, user, school):  # type: ignore[no-untyped-def]
    """Sign in without a second factor, working at the given school."""
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = school.pk
    session.save()
    return client


def _asks_for_a_code(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(
        (ENROL, reverse("accounts:verify"))
    )


def test_a_trust_chair_cannot_open_another_schools_records_on_one_schools_setting(
    client, personas, brambleford
):
    record = make_record(
        personas.school,
        personas.teacher,
        kind=Kind.STAFF_CONCERN,
        staff=[staff_for(personas.head, personas.school)],
    )
    assert record.routes.filter(role="chair").exists()
    _password_only(client, personas.chair, brambleford)
    response = client.get(reverse("safeguarding:record", kwargs={"pk": record.pk}))
    assert _asks_for_a_code(response)
    assert _asks_for_a_code(client.get(DASHBOARD))


def test_the_dsl_needs_a_code_where_the_school_lets_staff_off(client, personas):
    _set(personas.school, "security.second_factor", "required_for_staff", False, personas.head)
    _password_only(client, personas.dsl, personas.school)
    assert _asks_for_a_code(client.get(DASHBOARD))


def test_someone_the_policy_routes_records_to_needs_a_code(client, personas):
    # Breaches are handled by the head and HR (safeguarding.breaches).
    _set(personas.school, "security.second_factor", "required_for_staff", False, personas.head)
    _password_only(client, personas.hr, personas.school)
    assert _asks_for_a_code(client.get(DASHBOARD))


def test_someone_an_existing_record_was_routed_to_needs_a_code(client, personas):
    _set(personas.school, "security.second_factor", "required_for_staff", False, personas.head)
    record = make_record(personas.school, personas.dsl)
    Route.objects.create(record=record, role="teacher", rule="safeguarding.routing")
    _password_only(client, personas.teacher, personas.school)
    assert _asks_for_a_code(client.get(DASHBOARD))


def test_staff_at_two_schools_are_held_to_the_stricter(client, personas, brambleford):
    RoleFactory(user=personas.teacher, school=brambleford, role="teacher")
    _password_only(client, personas.teacher, brambleford)
    assert _asks_for_a_code(client.get(DASHBOARD))


def test_no_school_can_take_the_dsl_off_the_second_factor(personas, sign_in):
    response = sign_in(personas.head).post(
        reverse("policy:override"),
        {
            "target": "security.second_factor:always_for",
            "value": "trustee, chair, ceo, deputy_ceo, executive_head",
            "reason": "Our DSL finds codes a bother.",
        },
    )
    page = response.content.decode()
    assert "the safeguarding lead always confirm a second factor" in page
    assert "UK GDPR Art. 32" in page
    assert not ParameterOverride.objects.exists()


def test_the_idle_limit_is_the_shortest_of_a_persons_schools(client, personas, brambleford):
    _set(personas.school, "security.session_idle", "minutes", 5, personas.head)
    _set(brambleford, "security.session_idle", "minutes", 60, personas.head)
    RoleFactory(user=personas.teacher, school=brambleford, role="teacher")
    signed_in(client, personas.teacher)
    session = client.session
    session[SESSION_KEY] = brambleford.pk
    session.save()
    assert client.get(DASHBOARD).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 6 * 60
    session.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
